"""Problems found in data/ and content/, reported all at once.

Each diagnostic carries a code, a location (file, line, field path) and a plain
Chinese message, in the style `data/positions/x.yaml:17: 错误 [ref.unknown] …`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from dataclasses import field as dataclass_field

from .addresses import RESERVED_RECORD_IDS
from .flow import END, START

CODES: dict[str, str] = {
    "yaml.syntax": "YAML 语法错误",
    "yaml.encoding": "文件不是 UTF-8 编码",
    "yaml.duplicate-key": "同一层级出现重复的字段",
    "yaml.alias": "不支持 YAML 锚点/别名（&、*）",
    "yaml.tag": "不支持 YAML 标签（!!python 等）",
    "yaml.too-large": "文件过大",
    "yaml.too-deep": "嵌套层级过深",
    "yaml.empty": "文件为空",
    "file.unknown": "无法识别的文件位置",
    "file.outside": "文件是指向项目以外的链接",
    "schema.type": "字段类型不对",
    "schema.missing": "缺少必填字段",
    "schema.extra": "未知字段",
    "schema.value": "字段取值不符合要求",
    "id.duplicate": "标识重复",
    "id.reserved": f"标识是保留字：记录不能用 {'、'.join(sorted(RESERVED_RECORD_IDS))}（网站页面名），"
                   f"步骤不能用 {START}、{END}（流程图的开始/结束）",
    "ref.unknown": "引用了不存在的记录",
    "ref.kind": "引用的记录类型不对",
    "org.cycle": "汇报关系或上下级关系形成了环",
    "kpi.weights": "岗位的考核指标权重之和不是 100",
    "kpi.duplicate": "同一指标在一个岗位中出现多次",
    "position.headcount": "编制人数小于 1",
    "position.date": "岗位说明书的编制、审核、批准日期不是真实存在的日期",
    "position.career": "职业发展（晋升、轮换）指向本岗位自己",
    "step.no-role": "流程步骤没有负责角色",
    "step.duplicate": "流程步骤标识重复",
    "step.unreachable": "流程步骤无法从第一步到达",
    "step.decision": "判断节点缺少带标签的分支",
    "step.phase": "流程有阶段划分，但步骤未指定阶段",
    "content.front-matter": "章节的 front matter 有误",
    "content.ref": "章节引用了不存在的记录",
    "unused": "记录没有被任何地方使用",
    "kpi.veto": "一票否决项写了权重",
    "kpi.formula": "指标既没有计算公式，也没有评分等级",
    "kpi.levels": "定性指标的评分等级重复",
    "position.self": "岗位的虚线上级、其他所属单元或兼任岗位写了自己或重复了直接关系",
    "step.gateway": "并行网关分支不足两个，或汇合网关的进入分支不足两个",
    "step.calls": "步骤转入的流程有误",
    "unit.organization": "非最高层的组织单元写了所属法人单位",
    "course.length": "课程的学时和天数没有写或都写了",
    "yaml.fullwidth": "YAML 的符号写成了全角（：，－ 全角空格），请改成英文半角",
    "yaml.tab": "缩进里有 Tab 制表符，YAML 只能用空格缩进",
    "yaml.number": "数字的写法会被 YAML 改变（010、0x10、1:30、.inf、.nan、1_000），请写普通数字或加引号",
    "yaml.indent": "缩进与同级的项不一致，这一行被并进了上一项（警告）",
    "text.control": "文字里有不可见的控制字符（如从 Word 复制带进来的 \v），请删除",
    "schema.colon": "文字里有“: ”被当成了“字段: 值”，请给整行文字加引号",
    "file.misplaced": "记录文件放错了目录（例如考核指标放进了 positions/）",
    "name.duplicate": "同一类记录的名称重复（同一组织内的岗位、其他各类记录为错误；不同组织的同名岗位为警告）",
    "unit.head": "组织单元的负责人岗位不在该单元或其下级单元中",
    "training.duplicate": "同一课程在一个岗位的培训计划中出现多次",
    "step.participant": "步骤的参与者与负责角色相同，或参与者重复",
    "step.no-end": "流程从第一步出发走不到结束（end）",
    "release.date": "发布日期不存在（例如 2026-02-30）",
    "release.revision": "发布记录的 revision 不是可用的 git 标签或提交名",
    "content.anchor": "章节引用 [[章节#小节]] 中的小节不存在",
    "key.duplicate": "同一列表中两条的锚点 key 相同",
    "content.link": "章节中的 Markdown 链接指向不存在的文件或小节",
    "site.config": "mkdocs.yml 的网站设置有误，网站无法生成",
    "build.mkdocs": "MkDocs 生成网站时报告的问题（mkdocs.yml 或主题配置）",
}
"""Every diagnostic code and what it means; the README lists the same table."""


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    code: str
    message: str
    field: str = ""
    severity: str = "error"  # "error" | "warning"
    path: tuple = dataclass_field(default=(), compare=False)
    """The field path as data, e.g. ("duties", 2) — 0-based list indexes; () for the whole file or record."""
    value: object = dataclass_field(default=None, compare=False)
    """The value as written (text, number, list …) when the problem is about one value, else None."""
    column: int = dataclass_field(default=0, compare=False)
    """1-based column when known (YAML syntax, full-width punctuation), else 0."""

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        level = "错误" if self.severity == "error" else "警告"
        field = f" 字段 {self.field}：" if self.field else " "
        return f"{where}: {level} [{self.code}]{field}{self.message}"


@dataclass
class Report:
    """Collects diagnostics so a run reports every problem, not just the first."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, file: str, line: int, code: str, message: str, field: str = "", **data) -> None:
        """`data`: optional path=(…), value=…, column=n carried on the Diagnostic."""
        self.items.append(Diagnostic(file, line or 0, code, message, field, "error", **data))

    def warning(self, file: str, line: int, code: str, message: str, field: str = "", **data) -> None:
        self.items.append(Diagnostic(file, line or 0, code, message, field, "warning", **data))

    @property
    def errors(self) -> list[Diagnostic]:
        return sorted(d for d in self.items if d.severity == "error")

    @property
    def warnings(self) -> list[Diagnostic]:
        return sorted(d for d in self.items if d.severity == "warning")

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.severity != "error", d.file, d.line, d.code, d.field))


def did_you_mean(wanted: str, choices: dict[str, str], limit: int = 3) -> str:
    """Suggest ids close to `wanted`, matching ids and Chinese names alike.

    `choices` maps id → display name. Editors often type the name they know
    (销售经理) where the id (sales-manager) is expected, so both are compared. Both sides are folded as
    the search folds text (search.normalise: full-width → half-width, upper → lower case, Traditional →
    Simplified), so ｓａｌｅｓ－ｍａｎａｇｅｒ, SALES-MANAGER and 銷售經理 find sales-manager (销售经理).
    """
    from .search.normalise import normalise  # loads OpenCC's table: only when a suggestion is needed

    wanted = normalise(wanted)
    ids = {normalise(rid): rid for rid in choices}
    by_id = [ids[i] for i in difflib.get_close_matches(wanted, list(ids), n=limit, cutoff=0.6)]
    names = {normalise(name): rid for rid, name in choices.items()}
    by_name = [names[n] for n in difflib.get_close_matches(wanted, list(names), n=limit, cutoff=0.5)]
    exact_name = [rid for rid, name in choices.items() if normalise(name) == wanted]
    picks: list[str] = []
    for rid in exact_name + by_name + by_id:
        if rid not in picks:
            picks.append(rid)
    if not picks:
        return ""
    shown = "、".join(f"{rid}（{choices[rid]}）" for rid in picks[:limit])
    return f"是不是想写：{shown}？"
