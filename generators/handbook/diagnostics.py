"""Problems found in data/ and content/, reported all at once.

Each diagnostic carries a code, a location (file, line, field path) and a plain
Chinese message, in the style `data/positions/x.yaml:17: 错误 [ref.unknown] …`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

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
    "id.reserved": "标识是网站保留的页面名（index、matrix）",
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

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        level = "错误" if self.severity == "error" else "警告"
        field = f" 字段 {self.field}：" if self.field else " "
        return f"{where}: {level} [{self.code}]{field}{self.message}"


@dataclass
class Report:
    """Collects diagnostics so a run reports every problem, not just the first."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, file: str, line: int, code: str, message: str, field: str = "") -> None:
        self.items.append(Diagnostic(file, line or 0, code, message, field, "error"))

    def warning(self, file: str, line: int, code: str, message: str, field: str = "") -> None:
        self.items.append(Diagnostic(file, line or 0, code, message, field, "warning"))

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
    (销售经理) where the id (sales-manager) is expected, so both are compared.
    """
    by_id = difflib.get_close_matches(wanted, list(choices), n=limit, cutoff=0.6)
    names = {name: rid for rid, name in choices.items()}
    by_name = [names[n] for n in difflib.get_close_matches(wanted, list(names), n=limit, cutoff=0.5)]
    exact_name = [rid for rid, name in choices.items() if name == wanted]
    picks: list[str] = []
    for rid in exact_name + by_name + by_id:
        if rid not in picks:
            picks.append(rid)
    if not picks:
        return ""
    shown = "、".join(f"{rid}（{choices[rid]}）" for rid in picks[:limit])
    return f"是不是想写：{shown}？"
