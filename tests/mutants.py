"""Single-edit mutations of the shipped sample, and the contract each must keep.

`handbook check` is the gate (issue 13): for every mutant, check either fails with
diagnostics that each name a file and a line, in Chinese, with the expected code,
or it passes and then the site build and every export pass too. Never a traceback.

MUTANTS is the fixed list the test suite runs (every field kind and mistake kind);
`random_mutant` draws the same kinds of mistakes at random places for the long
run in benchmarks/mutations.py.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

CJK = re.compile(r"[\u3400-\u9fff]")
ENGLISH = re.compile(
    r"constrained|Input should|found character|expected|while (?:parsing|scanning)|Traceback|Error\b|"
    r"\bNone\b|\bTrue\b|\bFalse\b|\{'|'\}|\[\'|<class|dict_|str_type|-str\b|BuildError|Doc file")
"""Library text, Python reprs and internal type names: none may reach an editor."""


@dataclass(frozen=True)
class Edit:
    """One change to the project: replace `old` by `new` in `file` (first occurrence), or another `op`."""

    file: str
    old: str = ""
    new: str = ""
    op: str = "replace"  # replace | write | copy | symlink | append


@dataclass(frozen=True)
class Mutant:
    kind: str
    """The kind of mistake (what an editor did)."""
    edit: Edit
    expect: str | None
    """The diagnostic code check must report at the edited file; None: check must pass and the build succeed."""
    words: tuple = ()
    """Fragments the message must contain."""
    at: str | None = None
    """The diagnostic must be at the line of the edited file containing this text."""
    only: bool = False
    """The edited file gets exactly one diagnostic (consequences suppressed)."""
    severity: str = "error"
    where: str | None = None
    """The file the diagnostic belongs to, when not the edited one (a clash is reported at the second record)."""
    path: tuple | None = None
    """The field path the diagnostic must carry as data (what the Excel importer maps to a cell)."""


def E(file, old, new="", op="replace") -> Edit:
    return Edit(file, old, new, op)


POS = "data/positions/sales-manager.yaml"
UNIT = "data/units/sales-dept.yaml"
KPI = "data/kpis/collection-rate.yaml"
COURSE = "data/courses/crm-basics.yaml"
PROC = "data/processes/contract-review.yaml"
COLL = "data/processes/collection.yaml"
BID = "data/processes/bid-preparation.yaml"
LEVELS = "data/kpis/inspection-quality.yaml"
META = "data/handbook.yaml"
CREDIT = "content/credit.md"
KPI_TEXT = (Path(__file__).resolve().parent.parent / KPI).read_text(encoding="utf-8")

MUTANTS: list[Mutant] = [
    # -- the contract: each used to pass check and then break the build or an export
    Mutant("reserved-step-id", E(PROC, "  - id: archive", "  - id: end"), "id.reserved", ("end", "开始/结束"), "id: end"),
    Mutant("reserved-step-id", E(PROC, "  - id: archive", "  - id: start"), "id.reserved", ("start",), "id: start"),
    Mutant("impossible-date", E(META, '"2026-01-01"', '"2026-02-30"'), "release.date", ("2026-02-30",), "2026-02-30"),
    Mutant("impossible-date", E(META, '"2025-07-01"', '"2025-13-01"'), "release.date", ("2025-13-01",), "2025-13-01"),
    Mutant("control-char", E(META, "title: 营销中心管理手册", "title: 营销中心\v管理手册"), "text.control", ("垂直制表符",), "title:"),
    Mutant("control-char", E(POS, "name: 销售经理", 'name: "销售\\v经理"'), "text.control", ("垂直制表符",), "name:"),
    Mutant("control-char", E(POS, "  - 审批客户信用额度申请", "  - 审批客户\x07信用额度申请"), "text.control", ("响铃符",), "审批客户"),
    Mutant("control-char", E(KPI, "formula: 实际回款金额", "formula: 实际\x1b[31m回款金额"), "text.control", ("ESC",), "formula:"),
    Mutant("control-char", E(COURSE, "  - CRM 系统功能总览", "  - CRM 系统\x0c功能总览"), "text.control", ("换页符",), "功能总览"),
    Mutant("control-char", E(CREDIT, "## 一、目的", "## 一、目的\v"), "text.control", ("垂直制表符",), "## 一、目的"),
    Mutant("missing-section", E(CREDIT, "[[sales-manager|销售经理]]", "[[credit#七、附则]]"), "content.anchor", ("七、附则",), "[[credit#"),
    Mutant("missing-section", E(CREDIT, "[[sales-manager|销售经理]]", "[[credit#五、逾期账款]]"), "content.anchor",
           ("五、逾期账款处理",), "[[credit#"),
    Mutant("case-folded-file-name", E("content/Credit.md", CREDIT, op="copy"), "content.front-matter", ("小写",)),
    Mutant("case-folded-file-name", E("content/\u212aredit.md", CREDIT, op="copy"), "content.front-matter", ("小写",)),
    Mutant("long-revision", E(META, 'summary: 首次发布', f'revision: "{"v" * 5000}", summary: 首次发布'), "release.revision",
           ("200",), "revision:"),
    Mutant("long-revision", E(META, 'summary: 首次发布', 'revision: "v1 final", summary: 首次发布'), "release.revision", ("空格",)),
    Mutant("control-char-in-ref", E(POS, "reports_to: sales-admin-manager", 'reports_to: "sales-admin-manager\\e[2J"'), "text.control",
           ("ESC",), "reports_to:", only=True),
    Mutant("infinite-number", E(COURSE, "hours: 4", "hours: .inf"), "yaml.number", (".inf", "有限"), "hours:"),
    Mutant("infinite-number", E(COURSE, "hours: 4", "hours: .nan"), "yaml.number", (".nan",), "hours:"),
    Mutant("infinite-number", E(POS, "weight: 30}", "weight: .inf}"), "yaml.number", (".inf",), "weight: .inf"),
    Mutant("infinite-number", E(POS, "headcount: 2", "headcount: -.inf"), "yaml.number", ("-.inf",), "headcount:"),
    Mutant("infinite-number", E(COURSE, "hours: 4", "hours: 1e400"), "schema.value", ("有限",), "hours:"),
    Mutant("infinite-number", E(COURSE, "hours: 4", 'hours: "inf"'), "schema.value", ("有限",), "hours:"),
    # -- numbers YAML would change
    Mutant("leading-zero", E(POS, "headcount: 2", "headcount: 010"), "yaml.number", ("010", "八进制"), "headcount:"),
    Mutant("hex-number", E(POS, "headcount: 2", "headcount: 0x10"), "yaml.number", ("0x10", "十六进制"), "headcount:"),
    Mutant("sexagesimal", E(COURSE, "hours: 4", "hours: 1:30"), "yaml.number", ("1:30", "六十进制"), "hours:"),
    Mutant("underscore-number", E(UNIT, "order: 2", "order: 1_0"), "yaml.number", ("1_0",), "order:"),
    Mutant("leading-zero", E(POS, "weight: 30}", "weight: 030}"), "yaml.number", ("030",), "weight: 030"),
    # -- YAML 1.1 booleans and numbers where text is expected
    Mutant("bare-bool", E(POS, "name: 销售经理", "name: no"), "schema.type", ("no", "引号"), "name: no"),
    Mutant("bare-bool", E(UNIT, "name: 销售管理部", "name: Off"), "schema.type", ("Off", "引号"), "name: Off"),
    Mutant("bare-bool", E(POS, "  - 审批客户信用额度申请和临时超额发货申请", "  - yes"), "schema.type", ("yes", "引号"), "  - yes"),
    Mutant("bare-bool", E(COURSE, "category: 营销类", "category: on"), "schema.type", ("on", "引号"), "category: on"),
    Mutant("number-as-text", E(POS, "grade: 经理级", "grade: 1.10"), "schema.type", ("1.10", "引号"), "grade:"),
    # -- text with ": " inside
    Mutant("colon-in-text", E(POS, "  - 审批客户信用额度申请和临时超额发货申请", "  - 审批: 客户信用额度申请"), "schema.colon",
           ("引号", "审批: 客户信用额度申请"), "审批: 客户", only=True),
    Mutant("colon-in-text", E(UNIT, "  - 统计分析销售", "  - 统计分析: 销售"), "schema.colon", ("引号",), "统计分析: 销售", only=True),
    Mutant("colon-in-text", E(COURSE, "  - CRM 系统功能总览", "  - CRM 系统: 功能总览"), "schema.colon", ("引号",), "CRM 系统:", only=True),
    Mutant("colon-in-text", E(POS, "purpose: 负责", "purpose: 目的: 负责"), "yaml.syntax", ("引号",), "purpose:", only=True),
    # -- full-width punctuation from the input method, tabs, brackets
    Mutant("fullwidth-colon", E(UNIT, "name: 销售管理部", "name：销售管理部"), "yaml.fullwidth", ("全角冒号“：”", "英文冒号"), "name：",
           only=True),
    Mutant("fullwidth-colon", E(POS, "{kpi: collection-rate", "{kpi：collection-rate"), "yaml.fullwidth", ("全角冒号",), "{kpi：",
           only=True),
    Mutant("fullwidth-comma", E(POS, "collection-rate, weight: 25", "collection-rate，weight: 25"), "yaml.fullwidth",
           ("全角逗号“，”",), "，weight", only=True),
    Mutant("fullwidth-space", E(UNIT, "  - 统计分析销售", "\u3000- 统计分析销售"), "yaml.fullwidth", ("全角空格",), "统计分析销售",
           only=True),
    Mutant("fullwidth-dash", E(UNIT, "  - 统计分析销售", "  －统计分析销售"), "yaml.fullwidth", ("全角减号“－”",), "统计分析销售",
           only=True),
    Mutant("tab", E(UNIT, "  - 统计分析销售", "\t- 统计分析销售"), "yaml.tab", ("Tab",), "统计分析销售", only=True),
    Mutant("unclosed-bracket", E(POS, "{kpi: collection-rate, weight: 25}", "{kpi: collection-rate, weight: 25"), "yaml.syntax",
           ("没有闭合", "{"), "collection-rate, weight: 25", only=True),
    Mutant("unclosed-bracket", E(POS, "skills: [商务谈判, 客户关系管理, 数据分析, ERP 与 CRM 系统应用]",
                                 "skills: [商务谈判, 客户关系管理, 数据分析, ERP 与 CRM 系统应用"), "yaml.syntax", ("没有闭合", "["),
           "skills:", only=True),
    Mutant("unclosed-quote", E(KPI, 'target: "≥95%"', 'target: "≥95%'), "yaml.syntax", ("引号",), "target:", only=True),
    Mutant("indent-merge", E(POS, "  - 指导商务助理", "   - 指导商务助理"), "yaml.indent", ("缩进",), "指导商务助理", severity="warning"),
    Mutant("indent-less", E(UNIT, "  - 统计分析销售", " - 统计分析销售"), "yaml.syntax", ("缩进",), "统计分析销售", only=True),
    # -- files in the wrong place, editors' leftovers
    Mutant("wrong-folder", E("data/positions/collection-rate-copy.yaml", KPI_TEXT.replace("id: collection-rate", "id: rate-copy")
                             .replace("name: 回款率", "name: 回款率二"), op="write"), "file.misplaced", ("data/kpis/",), only=True),
    Mutant("wrong-folder", E("data/kpis/crm-copy.yaml", "id: crm-copy\nname: 另一门课\ncategory: 营销类\nhours: 2\n", op="write"),
           "file.misplaced", ("data/courses/",), only=True),
    Mutant("lock-file", E("data/positions/.#sales-manager.yaml", "root@host.1234:1700000000", op="symlink"), None),
    Mutant("dangling-link", E("data/positions/ghost.yaml", "nowhere.yaml", op="symlink"), None),
    Mutant("empty-file", E("data/courses/empty.yaml", "", op="write"), "yaml.empty"),
    Mutant("empty-text", E(POS, "grade: 经理级", "grade:"), "schema.type", ("空的",), "grade:"),
    # -- schema
    Mutant("unknown-field", E(POS, "duties:", "dutys:"), "schema.extra", ("duties",), "dutys:"),
    Mutant("missing-field", E(POS, "unit: sales-dept\n", ""), "schema.missing", ("必填",)),
    Mutant("wrong-type", E(POS, "headcount: 2", "headcount: 两个"), "schema.type", ("整数", "两个"), "headcount:"),
    Mutant("wrong-choice", E(POS, "kind: 必修, stage: 入职", "kind: 必须, stage: 入职"), "schema.value", ("必修",), "必须"),
    Mutant("bad-id", E(POS, "id: sales-manager", "id: Sales-Manager"), "schema.value", ("小写",), "id:"),
    Mutant("bad-date-format", E(META, '"2025-07-01"', '"2025/07/01"'), "schema.value", ("2026-01-01",), "2025/07/01"),
    Mutant("too-long-name", E(POS, "name: 销售经理", "name: " + "销售经理" * 30), "schema.value", ("80",), "name:"),
    # -- references
    Mutant("unknown-ref", E(POS, "reports_to: sales-admin-manager", "reports_to: sales-admin-manger"), "ref.unknown",
           ("sales-admin-manager",), "reports_to:", only=True),
    Mutant("unknown-ref", E(POS, "{kpi: collection-rate", "{kpi: collection-rte"), "ref.unknown", ("collection-rate",), "collection-rte",
           only=True),
    Mutant("unknown-ref", E(POS, "{course: contract-risk", "{course: contract-rsk"), "ref.unknown", ("contract-risk",), "contract-rsk"),
    Mutant("unknown-ref", E(PROC, "    role: business-assistant", "    role: business-asistant"), "ref.unknown", (), "business-asistant"),
    Mutant("unknown-ref", E(KPI, "evaluator: marketing-finance-manager", "evaluator: 营销财务经理"), "ref.unknown",
           ("marketing-finance-manager",), "evaluator:"),
    Mutant("unknown-ref", E(UNIT, "parent: marketing-center", "parent: marketing-centre"), "ref.unknown", ("marketing-center",), "parent:"),
    Mutant("branch-typo", E(PROC, "{to: meeting, label", "{to: meting, label"), "ref.unknown", ("meeting",), "meting", only=True),
    Mutant("branch-typo", E(COLL, "{to: escalate, label", "{to: escalat, label"), "ref.unknown", ("escalate",), "escalat", only=True),
    Mutant("chapter-ref", E(CREDIT, "[[sales-manager|销售经理]]", "[[sales-manger|销售经理]]"), "content.ref", ("sales-manager",),
           "sales-manger"),
    # -- meaning
    Mutant("weights", E(POS, "weight: 30}", "weight: 35}"), "kpi.weights", ("105",), "kpis:"),
    Mutant("cycle", E("data/positions/sales-admin-manager.yaml", "reports_to: center-gm", "reports_to: sales-manager"), "org.cycle"),
    Mutant("head-outside-unit", E(UNIT, "head: sales-admin-manager", "head: market-manager"), "unit.head", ("market-manager",), "head:"),
    Mutant("course-twice", E(POS, "{course: kpi-management", "{course: orientation"), "training.duplicate", ("orientation",),
           "{course: orientation, kind: 选修"),
    Mutant("same-name", E(KPI, "name: 回款率", "name: 销售费用率"), "name.duplicate", ("销售费用率", "collection-rate"), "name:",
           where="data/kpis/sales-expense-ratio.yaml"),
    Mutant("no-end", E(COLL, "    next: [end]", "    next: [plan]"), "step.no-end", ("结束",)),
    Mutant("participant-is-role", E(PROC, "      - {role: group-order-manager, kind: 参与}",
                                    "      - {role: sales-admin-manager, kind: 参与}"), "step.participant", ("sales-admin-manager",),
           "{role: sales-admin-manager, kind: 参与}"),
    Mutant("branch-skips-steps", E(COLL, "{to: escalate, label: 存在逾期}", "{to: report, label: 存在逾期}"), "step.unreachable",
           ("逾期账款分级催收", "另外 3 步"), "  - id: escalate", only=True),
    Mutant("one-branch", E(PROC, "      - {to: end, label: 不予签订}\n", ""), "step.decision"),
    Mutant("duplicate-step", E(PROC, "  - id: archive", "  - id: sign"), "step.duplicate"),
    Mutant("duplicate-key", E(POS, "{key: visit,", "{key: contract,"), "key.duplicate", ("contract",), "{key: contract, text: 定期"),
    Mutant("long-title", E(META, "title: 营销中心管理手册", "title: " + "营销中心管理手册" * 40), "schema.value", ("100",), "title:"),
    Mutant("missing-record-section", E(CREDIT, "[[sales-manager|销售经理]]", "[[sales-manager#dutys]]"), "content.anchor",
           ("duties",), "[[sales-manager#"),
    # -- rules on one field of a record: each diagnostic carries that field's path (the importer's cell)
    Mutant("veto-with-weight", E(POS, "{kpi: collection-rate, weight: 25}", "{kpi: collection-rate, weight: 25, veto: true}"),
           "kpi.veto", ("weight",), "veto: true", path=("kpis", 1, "weight")),
    Mutant("missing-weight", E(POS, "{kpi: collection-rate, weight: 25}", "{kpi: collection-rate}"), "kpi.weights",
           ("collection-rate", "weight"), "{kpi: collection-rate}", path=("kpis", 1, "weight")),
    Mutant("impossible-form-date", E(POS, 'drafted_on: "2025-12-10"', 'drafted_on: "2025-02-30"'), "position.date",
           ("2025-02-30",), "drafted_on:", path=("approval", "drafted_on")),
    Mutant("kpi-without-formula", E(KPI, "formula: 实际回款金额 ÷ 应回款金额 × 100%\n", ""), "kpi.formula", ("formula", "levels"),
           path=("formula",)),
    Mutant("duplicate-level", E(LEVELS, "{name: 良,", "{name: 优,"), "kpi.levels", ("优",), "{name: 优, score: 85",
           path=("levels", 1, "name")),
    Mutant("parallel-one-branch", E(BID, "    next: [commercial, technical]", "    next: [commercial]"), "step.gateway",
           ("并行",), "gateway: 并行", path=("steps", 4, "next")),
    Mutant("calls-itself", E(BID, "calls: group-order-contract", "calls: bid-preparation"), "step.calls", ("本身",),
           "calls: bid-preparation", path=("steps", 12, "calls")),
    Mutant("organization-below-top", E(UNIT, "parent: marketing-center", "parent: marketing-center\norganization: 另一家公司"),
           "unit.organization", ("organization",), "organization:", path=("organization",)),
    Mutant("hours-and-days", E(COURSE, "hours: 4", "hours: 4\ndays: 1"), "course.length", ("hours", "days"), "hours: 4",
           path=("hours",)),
    Mutant("concurrent-self", E(POS, "reports_to: sales-admin-manager", "reports_to: sales-admin-manager\nconcurrent: [sales-manager]"),
           "position.self", ("concurrent",), "concurrent:", path=("concurrent", 0)),
    Mutant("promotion-self", E(POS, "promotion: [sales-admin-manager]", "promotion: [sales-manager]"), "position.career",
           ("本岗位",), "promotion:", path=("career", "promotion", 0)),
    Mutant("vacancies-over-headcount", E(POS, "headcount: 2", "headcount: 2\nvacancies: 3"), "position.headcount",
           ("空缺 3",), "vacancies:", path=("vacancies",)),
    Mutant("unused-kpi", E("data/kpis/spare.yaml", "id: spare\nname: 备用指标\ndefinition: 备用\nformula: 甲 ÷ 乙\n", op="write"),
           "unused", ("备用指标",), "id: spare", severity="warning", path=("id",)),
    # -- edits that are fine: check passes, build and exports pass
    Mutant("record-section", E(CREDIT, "[[sales-rep|业务代表]]", "[[sales-rep#duties|业务代表的职责]]"), None),
    Mutant("section-as-written", E(CREDIT, "[[sales-manager|销售经理]]", "[[credit#五、逾期账款处理]]"), None),
    Mutant("section-by-anchor", E(CREDIT, "[[receivables-accountant|应收会计]]", "[[credit#一目的|目的]]"), None),
    Mutant("quoted-no", E(POS, "grade: 经理级", "grade: 'no'"), None),
    Mutant("chinese-colon-in-text", E(POS, "  - 审批客户信用额度申请和临时超额发货申请", "  - 审批：客户信用额度申请"), None),
    Mutant("plain-decimal", E(COURSE, "hours: 4", "hours: 1.5"), None),
    Mutant("fullwidth-colon-in-text", E(POS, "  - 对销售费用不超预算负责", "  - KPI：对销售费用不超预算负责"), None),
    Mutant("tab-inside-text", E(UNIT, "  - 统计分析销售", "  - 统计\t分析销售"), None),
    Mutant("quoted-colon-text", E(POS, "  - 跟踪各区域销售进度，分析销售数据并提出改进措施", "  - '跟踪: 各区域销售进度'"), None),
    Mutant("fullwidth-comma-in-text", E(POS, "  - 对商务助理进行培训", "  - 对商务助理，进行培训"), None),
]


def apply(root: Path, edit: Edit) -> None:
    """Apply one edit to the project at `root`."""
    target = root / edit.file
    if edit.op == "replace":
        text = target.read_text(encoding="utf-8")
        assert edit.old in text, f"{edit.old!r} not in {edit.file}"
        target.write_text(text.replace(edit.old, edit.new, 1), encoding="utf-8")
    elif edit.op == "write":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(edit.old, encoding="utf-8")
    elif edit.op == "append":
        with target.open("a", encoding="utf-8") as handle:
            handle.write(edit.old)
    elif edit.op == "copy":
        shutil.copy(root / edit.old, target)
    elif edit.op == "symlink":
        os.symlink(edit.old, target)
    else:
        raise ValueError(edit.op)


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):  # YAML's lines: \f is no break
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def contract_problems(root: Path, report) -> list[str]:
    """What is wrong with a failed check's diagnostics: each needs a real file, a line, Chinese, no library text."""
    out = []
    for d in report.items:
        where = d.format()
        if not d.file or not (root / d.file).exists() and not (root / d.file).is_symlink():
            if not (d.file == "data/handbook.yaml" and d.code == "schema.missing"):
                out.append(f"no real file: {where}")
        if d.severity == "error" and d.line < 1:
            out.append(f"no line: {where}")
        if not CJK.search(d.message):
            out.append(f"not Chinese: {where}")
        if ENGLISH.search(d.message):
            out.append(f"library text or repr: {where}")
        if d.field and not d.path:  # a problem with one field says which, as data (the importer's cell)
            out.append(f"no field path: {where}")
    return out


def mutant_problems(root: Path, mutant: Mutant, report) -> list[str]:
    """The expected diagnostic for a mutant: code, file, line, words; and nothing else at that file when `only`."""
    out = contract_problems(root, report)
    if mutant.expect is None:
        errors = [d.format() for d in report.errors]
        return out + ([f"expected to pass, got {errors}"] if errors else [])
    file = mutant.where or mutant.edit.file
    found = [d for d in report.items if d.file == file and d.severity == mutant.severity]
    hits = [d for d in found if d.code == mutant.expect]
    if not hits:
        return out + [f"expected [{mutant.expect}] at {file}, got {[d.format() for d in report.items]}"]
    hit = hits[0]
    for word in mutant.words:
        if word not in hit.message:
            out.append(f"message lacks {word!r}: {hit.format()}")
    if mutant.at is not None:
        line = line_of(root / file, mutant.at)
        if hit.line != line:
            out.append(f"expected line {line}: {hit.format()}")
    if mutant.path is not None and tuple(hit.path) != mutant.path:
        out.append(f"expected path {mutant.path}, got {tuple(hit.path)}: {hit.format()}")
    if mutant.only:
        others = [d.format() for d in report.errors if d is not hit]
        if others:
            out.append(f"consequences not suppressed: {others}")
    return out


# --------------------------------------------------------------------------- random mutations (benchmarks/mutations.py)
TEXT_LINE = re.compile(r"^(\s*(?:-\s+|[a-z_]+:\s+))([^\s{\[\"'#&*!|>].*)$")
NUMBER_LINE = re.compile(r"^(\s*[a-z_]+:\s+)(\d+)\s*$")
REF_LINE = re.compile(r"^(\s*(?:-\s+)?(?:unit|reports_to|parent|head|owner|evaluator|role|phase):\s+)([a-z0-9-]+)\s*$")
KEY_LINE = re.compile(r"^(\s*(?:-\s+)?[a-z_]+)(: )")

RANDOM_KINDS = ("fullwidth-colon", "fullwidth-comma", "fullwidth-space", "fullwidth-dash", "tab", "indent+1", "indent-1",
                "control-char", "colon-in-text", "bare-bool", "odd-number", "ref-typo", "delete-line", "duplicate-line",
                "unclose", "quote", "reserved-step", "date", "swap-lines", "empty-value", "long-text")


def random_mutant(rng, root: Path) -> tuple[str, str, int]:
    """Apply one random mistake to a random file of the project at `root`; (kind, file, line index) of the edit."""
    files = sorted(p.relative_to(root).as_posix() for p in (root / "data").rglob("*.yaml"))
    files += sorted(p.relative_to(root).as_posix() for p in (root / "content").rglob("*.md"))
    kind = rng.choice(RANDOM_KINDS)
    for _ in range(30):  # a line this kind of mistake can happen on
        rel = rng.choice(files)
        before = (root / rel).read_text(encoding="utf-8")
        i = _mutate(rng, root, rel, kind, before)
        if (root / rel).read_text(encoding="utf-8") != before:
            break
    return kind, rel, i


def _mutate(rng, root: Path, rel: str, kind: str, text: str) -> int:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    line = lines[i]
    if kind == "fullwidth-colon":
        lines[i] = KEY_LINE.sub(lambda m: m.group(1) + rng.choice(["：", "： "]), line, count=1)
    elif kind == "fullwidth-comma":
        lines[i] = line.replace(", ", rng.choice(["，", "， "]), 1)
    elif kind == "fullwidth-space":
        lines[i] = re.sub(r"^  ", "\u3000", line)
    elif kind == "fullwidth-dash":
        lines[i] = re.sub(r"^(\s*)- ", r"\1－", line)
    elif kind == "tab":
        lines[i] = re.sub(r"^  ", "\t", line)
    elif kind == "indent+1":
        lines[i] = " " + line
    elif kind == "indent-1":
        lines[i] = line[1:] if line.startswith(" ") else line
    elif kind == "control-char":
        at = rng.randrange(len(line) + 1)
        lines[i] = line[:at] + rng.choice(["\v", "\x07", "\x00", "\x1b", "\x0c", "\x85"]) + line[at:]
    elif kind == "colon-in-text":
        lines[i] = TEXT_LINE.sub(lambda m: m.group(1) + m.group(2)[:2] + ": " + m.group(2)[2:], line, count=1)
    elif kind == "bare-bool":
        lines[i] = TEXT_LINE.sub(lambda m: m.group(1) + rng.choice(["yes", "no", "on", "off", "Y", "N", "true", "null", "~"]),
                                 line, count=1)
    elif kind == "odd-number":
        odd = rng.choice(["010", "0x10", "1:30", ".inf", "-.inf", ".nan", "1_000", "1e400", "0", "-1", "99999999999999999999", "0.0001"])
        lines[i] = NUMBER_LINE.sub(lambda m: m.group(1) + odd, line, count=1)
    elif kind == "ref-typo":
        lines[i] = REF_LINE.sub(lambda m: m.group(1) + _typo(rng, m.group(2)), line, count=1)
    elif kind == "delete-line":
        del lines[i]
    elif kind == "duplicate-line":
        lines.insert(i, line)
    elif kind == "unclose":
        lines[i] = line.replace(rng.choice(["}", "]"]), "", 1)
    elif kind == "quote":
        lines[i] = re.sub(r"(:\s+|-\s+)", lambda m: m.group(1) + rng.choice(["'", '"']), line, count=1)
    elif kind == "reserved-step":
        lines[i] = re.sub(r"^(\s*- id: )\S+", lambda m: m.group(1) + rng.choice(["start", "end"]), line)
    elif kind == "date":
        lines[i] = re.sub(r"\d{4}-\d{2}-\d{2}", rng.choice(["2026-02-30", "2026-13-01", "0000-00-00", "2026-2-3"]), line)
    elif kind == "swap-lines" and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif kind == "empty-value":
        lines[i] = re.sub(r":\s+.*$", ":", line)
    elif kind == "long-text":
        lines[i] = TEXT_LINE.sub(lambda m: m.group(1) + m.group(2) * 200, line, count=1)
    (root / rel).write_text("\n".join(lines), encoding="utf-8")
    return i


def _typo(rng, word: str) -> str:
    if len(word) < 3:
        return word + "x"
    at = rng.randrange(len(word))
    return word[:at] + word[at + 1:]
