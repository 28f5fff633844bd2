"""The data model: what an editor may write in data/*.yaml.

These pydantic models are the single source of truth for field names and types.
Validation messages, the exported JSON Schema and the Excel layout all derive
from them. Relations are written in one direction only (a position names its
unit, never the reverse); resolve.py computes the other direction.
"""

from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""Ids are lower-case ASCII so they are safe in URLs and cannot collide after case folding."""

RecordId = str  # a plain str; ID_PATTERN is enforced on `id` fields only

UnitKind = Literal["集团", "公司", "中心", "部门", "科室", "分公司", "区域", "小组"]
ApprovalKind = Literal["审核", "审批", "会签", "参与", "组织论证", "参与论证", "备案", "知会", "执行"]
Frequency = Literal["月度", "季度", "半年度", "年度"]
Direction = Literal["越高越好", "越低越好"]
PlanKind = Literal["必修", "选修"]
Stage = Literal["入职", "在岗", "晋升"]


class Strict(BaseModel):
    """Unknown fields are errors: a typo such as `dutys` must not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Item(Strict):
    """A list line with an explicit anchor key, for lines that must keep their link when others move."""

    key: str = Field(pattern=ID_PATTERN, description="稳定锚点，如 budget")
    text: str = Field(min_length=1)


TextItem = Union[str, Item]
"""A duty, authority or accountability: plain text, or text with a stable key."""


class Record(Strict):
    id: str = Field(pattern=ID_PATTERN, max_length=64, description="稳定的英文标识，用于网址和引用")
    name: str = Field(min_length=1, max_length=80, description="中文名称")


class Unit(Record):
    """An org unit (公司/中心/部门/科室…)."""

    kind: UnitKind = "部门"
    parent: Optional[str] = Field(None, description="上级组织单元的 id")
    head: Optional[str] = Field(None, description="负责人岗位的 id")
    functions: list[TextItem] = Field(default_factory=list, description="部门职能")
    description: str = ""
    order: int = Field(0, description="同级排序，数字小的在前")


class Qualifications(Strict):
    """任职资格."""

    education: str = ""
    major: str = ""
    experience: str = ""
    knowledge: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    competencies: list[str] = Field(default_factory=list)
    other: list[str] = Field(default_factory=list)


class KpiWeight(Strict):
    kpi: str
    weight: float = Field(gt=0, le=100)
    target: Optional[str] = Field(None, description="本岗位的目标值，不填则用指标库的目标")


class TrainingEntry(Strict):
    course: str
    kind: PlanKind = "必修"
    stage: Stage = "在岗"


class Position(Record):
    """A position and its job description (岗位说明书)."""

    unit: str
    reports_to: Optional[str] = None
    headcount: int = 1
    grade: str = ""
    purpose: str = ""
    duties: list[TextItem] = Field(default_factory=list)
    authorities: list[TextItem] = Field(default_factory=list)
    accountabilities: list[TextItem] = Field(default_factory=list)
    qualifications: Qualifications = Field(default_factory=Qualifications)
    kpis: list[KpiWeight] = Field(default_factory=list)
    training: list[TrainingEntry] = Field(default_factory=list)
    order: int = 0


class Thresholds(Strict):
    excellent: Optional[str] = Field(None, description="优秀")
    passing: Optional[str] = Field(None, description="合格")


class Kpi(Record):
    """An indicator of the KPI library (考核指标库)."""

    category: str = ""
    definition: str
    formula: str
    unit: str = ""
    direction: Direction = "越高越好"
    target: str = ""
    thresholds: Optional[Thresholds] = None
    frequency: Frequency = "月度"
    source: str = Field("", description="数据来源")
    evaluator: Optional[str] = Field(None, description="考核人：岗位或组织单元的 id")


class Branch(Strict):
    to: str = Field(description="下一步的 id，或 end")
    label: str = Field(min_length=1)


class Participant(Strict):
    role: str
    kind: ApprovalKind = "参与"


class Phase(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str


class Step(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1, max_length=40)
    role: Optional[str] = Field(None, description="负责的岗位或组织单元 id")
    action: str = ""
    approval: Optional[ApprovalKind] = Field(None, description="负责角色在本步的审批类型")
    participants: list[Participant] = Field(default_factory=list)
    phase: Optional[str] = None
    decision: bool = Field(False, description="判断节点：用 branches 写出各分支")
    inputs: list[str] = Field(default_factory=list)
    outputs: list[str] = Field(default_factory=list)
    forms: list[str] = Field(default_factory=list)
    next: Optional[list[str]] = Field(None, description="下一步 id；不填则为顺序下一步")
    branches: list[Branch] = Field(default_factory=list)


class Process(Record):
    """A business process (业务流程)."""

    category: str = ""
    owner: str = Field(description="归口管理的组织单元 id")
    purpose: str = ""
    scope: str = ""
    trigger: str = ""
    phases: list[Phase] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1)
    key_points: list[TextItem] = Field(default_factory=list)
    kpis: list[str] = Field(default_factory=list)
    policies: list[str] = Field(default_factory=list, description="相关制度章节 id")


class Course(Record):
    """A training course of the catalog."""

    category: str
    hours: float = Field(gt=0)
    format: str = "面授"
    objectives: list[str] = Field(default_factory=list)
    outline: list[str] = Field(default_factory=list)


class Release(Strict):
    version: str
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="生效日期 YYYY-MM-DD")
    approver: str = ""
    summary: str = ""
    revision: Optional[str] = Field(None, description="该版本对应的 git 标签或提交；填写后修订记录自动列出与上一版本相比的变化")
    changes: list[str] = Field(default_factory=list, description="手写的变更说明")


class Meta(Strict):
    """data/handbook.yaml: the handbook's title and its releases."""

    title: str
    organization: str
    description: str = ""
    releases: list[Release] = Field(default_factory=list)


class Synonyms(Strict):
    """data/synonyms.yaml: groups of words that search treats as the same."""

    groups: list[list[str]] = Field(default_factory=list)


KINDS: dict[str, type[Record]] = {
    "units": Unit,
    "positions": Position,
    "kpis": Kpi,
    "processes": Process,
    "courses": Course,
}
"""Record kinds by their folder under data/."""

KIND_LABELS = {
    "units": "组织单元",
    "positions": "岗位",
    "kpis": "考核指标",
    "processes": "业务流程",
    "courses": "培训课程",
    "chapters": "制度章节",
}


class ChapterMeta(Strict):
    """Front matter of a content chapter (制度章节)."""

    id: Optional[str] = Field(None, pattern=ID_PATTERN, description="可省略；填写时必须与文件名相同")
    title: Optional[str] = Field(None, description="不填则用正文第一个一级标题")
    order: int = 0
