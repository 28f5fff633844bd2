"""The data model: what an editor may write in data/*.yaml.

These pydantic models are the single source of truth for field names and types.
Validation messages, the exported JSON Schema and the Excel layout all derive
from them. Relations are written in one direction only (a position names its
unit, never the reverse); resolve.py computes the other direction (the relation table in book.py).
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""Ids are lower-case ASCII so they are safe in URLs and cannot collide after case folding."""

RecordId = str  # a plain str; ID_PATTERN is enforced on `id` fields only

# Unit kinds, approval kinds, KPI frequencies, training stages and course categories are open
# vocabularies: plain strings here, checked against the handbook's lists (vocab.py) in resolve.py.
UnitKind = str
ApprovalKind = str
Frequency = str
Stage = str
Direction = Literal["越高越好", "越低越好"]
PlanKind = Literal["必修", "选修"]
Gateway = Literal["判断", "并行", "汇合"]
"""BPMN gateways: 判断 = exclusive (one branch, same as decision: true), 并行 = parallel fork, 汇合 = parallel join."""
HEADCOUNT_UNKNOWN = "未定"


def _headcount(value):
    return None if isinstance(value, str) and value.strip() == HEADCOUNT_UNKNOWN else value


Headcount = Annotated[Optional[int], BeforeValidator(_headcount), WithJsonSchema(
    {"anyOf": [{"type": "integer", "minimum": 1}, {"const": HEADCOUNT_UNKNOWN}, {"type": "null"}]})]
"""编制: a whole number of people, or 未定 (read as None: not yet decided)."""
ChartOrientation = Literal["auto", "vertical", "horizontal"]


FIELD_LABELS = {
    "id": "标识", "name": "名称", "unit": "所属组织", "reports_to": "直接上级", "headcount": "编制",
    "purpose": "岗位目的", "duties": "岗位职责", "authorities": "权限", "accountabilities": "责任",
    "qualifications": "任职资格", "kpis": "考核指标", "training": "培训计划", "parent": "上级组织",
    "head": "负责人岗位", "functions": "部门职能", "definition": "定义", "formula": "计算公式",
    "direction": "指标方向", "target": "目标值", "frequency": "考核周期", "evaluator": "考核人",
    "owner": "归口部门", "steps": "流程步骤", "phases": "阶段", "role": "负责角色", "branches": "分支",
    "category": "类别", "hours": "学时", "weight": "权重", "kind": "类型", "stage": "阶段",
    "action": "工作内容", "approval": "审批", "approver": "批准人", "changes": "变更说明", "competencies": "素质要求",
    "course": "课程", "date": "生效日期", "decision": "判断节点", "description": "说明", "education": "学历",
    "excellent": "优秀值", "experience": "工作经验", "format": "培训形式", "forms": "表单", "grade": "岗位等级",
    "groups": "同义词组", "inputs": "输入", "key": "锚点", "key_points": "控制要点", "knowledge": "知识要求", "kpi": "指标",
    "label": "分支说明", "major": "专业", "next": "下一步", "objectives": "培训目标", "order": "排序", "organization": "组织名称",
    "other": "其他要求", "outline": "课程大纲", "outputs": "输出", "participants": "参与者", "passing": "合格值",
    "phase": "所属阶段", "policies": "相关制度", "releases": "发布记录", "revision": "对应版本（git）", "scope": "适用范围",
    "skills": "技能要求", "source": "数据来源", "summary": "发布说明", "text": "文字", "thresholds": "评分标准",
    "title": "标题", "to": "去向", "trigger": "触发条件", "version": "版本号",
    "add": "追加的取值", "approval_kinds": "审批类型", "calls": "转入流程", "concurrent": "兼任岗位",
    "condition": "条件", "course_categories": "课程类别", "days": "天数", "dotted_reports_to": "虚线上级",
    "gateway": "网关类型", "kpi_frequencies": "考核周期", "levels": "评分等级", "milestone": "里程碑",
    "other_units": "其他所属单元", "roles": "共同负责角色", "score": "分值", "start": "开始点",
    "training_stages": "培训阶段", "unit_kinds": "组织单元类型", "vacancies": "空缺人数", "veto": "一票否决",
    "vocabularies": "取值列表",
    # 岗位说明书 form fields
    "code": "岗位编号", "relations": "工作关系", "internal": "内部协调", "external": "外部联系",
    "environment": "工作环境", "career": "职业发展", "promotion": "晋升方向", "rotation": "轮换岗位", "note": "说明",
    "drafted_by": "编制人", "drafted_on": "编制日期", "reviewed_by": "审核人",
    "reviewed_on": "审核日期", "approved_by": "批准人", "approved_on": "批准日期",
    "chart": "泳道图方向",
}
"""Every field's Chinese label by field name: the one table that validation messages, the JSON Schema titles
(what VS Code shows on hover), the Word and Excel exports and the page templates read, always through field_label.
A field that means something else in one model carries its own label there as Field(title=…): Kpi.unit 计量单位."""

RECORD_NOUNS = {"Unit": "单元", "Position": "岗位", "Kpi": "指标", "Process": "流程", "Step": "步骤", "Course": "课程"}
"""What one record of a model is called where its id and name need a noun: 岗位ID, 岗位名称 (Excel headers)."""


def _field_title(name: str, info) -> str:
    """pydantic's title for a field without Field(title=…): its label from FIELD_LABELS (JSON Schema titles)."""
    return FIELD_LABELS.get(name, name)


class Strict(BaseModel):
    """Unknown fields are errors: a typo such as `dutys` must not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False,
                              field_title_generator=_field_title)
    # allow_inf_nan: "inf" or "1e400" is not an amount; exports and pages would show "inf"


class Item(Strict):
    """A list line with an explicit anchor key, for lines that must keep their link when others move."""

    key: str = Field(pattern=ID_PATTERN, description="稳定锚点，如 budget")
    text: str = Field(min_length=1)


TextItem = Union[str, Item]
"""A duty, authority or accountability: plain text, or text with a stable key."""


def item_text(item: TextItem) -> str:
    """The text of a list line, written either as plain text or as {key, text}."""
    return item.text if isinstance(item, Item) else item


def item_key(item: TextItem) -> str | None:
    """The anchor key of a list line written as {key, text}; None for a plain-text line."""
    return item.key if isinstance(item, Item) else None


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
    organization: Optional[str] = Field(None, min_length=1, title="所属法人单位", description="最高层单元所属的法人单位名称；不填则用手册的组织名称")


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
    weight: Optional[float] = Field(None, gt=0, le=100, description="权重（%）；一票否决项不写权重")
    veto: bool = Field(False, description="一票否决项：不计入权重，未达标则整体考核不合格")
    target: Optional[str] = Field(None, title="本岗位目标值", description="本岗位的目标值，不填则用指标库的目标")


class TrainingEntry(Strict):
    course: str
    kind: PlanKind = Field("必修", title="必修/选修")
    stage: Stage = Field("在岗", title="培训阶段")


DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
"""A date as the editor types it, YYYY-MM-DD; resolve.py also checks that the day exists."""


class Relations(Strict):
    """工作关系 of a job description: who the position works with inside and outside the organization."""

    internal: list[str] = Field(default_factory=list, description="内部协调：本组织内经常协调的部门或岗位")
    external: list[str] = Field(default_factory=list, description="外部联系：客户、供应商、政府部门等")


class Career(Strict):
    """职业发展: where a position leads. Position ids are checked as references."""

    promotion: list[str] = Field(default_factory=list, description="可晋升到的岗位 id")
    rotation: list[str] = Field(default_factory=list, description="可轮换到的岗位 id")
    note: str = Field("", title="职业发展说明", description="其他说明，如晋升条件")


class Approval(Strict):
    """The 编制 / 审核 / 批准 block of a job description: who and when."""

    drafted_by: str = Field("", description="编制人")
    drafted_on: Optional[str] = Field(None, pattern=DATE_PATTERN, description="编制日期 YYYY-MM-DD")
    reviewed_by: str = Field("", description="审核人")
    reviewed_on: Optional[str] = Field(None, pattern=DATE_PATTERN, description="审核日期 YYYY-MM-DD")
    approved_by: str = Field("", description="批准人")
    approved_on: Optional[str] = Field(None, pattern=DATE_PATTERN, description="批准日期 YYYY-MM-DD")


class Position(Record):
    """A position and its job description (岗位说明书)."""

    code: str = Field("", max_length=40, description="岗位编号，如 YX-SW-01")

    unit: str = Field(title="所属部门")
    reports_to: Optional[str] = None
    dotted_reports_to: list[str] = Field(default_factory=list, description="虚线汇报的上级岗位 id")
    other_units: list[str] = Field(default_factory=list, description="同时归属的其他组织单元 id（第二所属单元）")
    concurrent: list[str] = Field(default_factory=list, description="由同一人兼任的其他岗位 id（兼任）")
    headcount: Headcount = Field(1, description="编制人数；尚未确定时写 未定")
    vacancies: int = Field(0, ge=0, description="其中空缺的人数")
    grade: str = ""
    purpose: str = ""
    duties: list[TextItem] = Field(default_factory=list)
    authorities: list[TextItem] = Field(default_factory=list)
    accountabilities: list[TextItem] = Field(default_factory=list)
    qualifications: Qualifications = Field(default_factory=Qualifications)
    kpis: list[KpiWeight] = Field(default_factory=list)
    training: list[TrainingEntry] = Field(default_factory=list, title="培训要求")
    relations: Relations = Field(default_factory=Relations, description="工作关系")
    environment: str = Field("", description="工作环境")
    career: Career = Field(default_factory=Career, description="职业发展")
    approval: Approval = Field(default_factory=Approval, title="编制、审核与批准", description="岗位说明书的编制、审核、批准")
    order: int = 0


class Thresholds(Strict):
    excellent: Optional[str] = Field(None, description="优秀")
    passing: Optional[str] = Field(None, description="合格")


class Level(Strict):
    """One grade of a qualitative KPI (定性指标), e.g. 优: 全年无投诉且客户书面表扬."""

    name: str = Field(min_length=1, max_length=20, title="等级", description="等级名称，如 优、良、中、差")
    description: str = Field(min_length=1, title="标准", description="达到这一等级的标准")
    score: Optional[float] = Field(None, ge=0, le=100, title="得分", description="对应得分（0–100），可不填")


class Kpi(Record):
    """An indicator of the KPI library (考核指标库): quantitative (formula) or qualitative (levels)."""

    category: str = ""
    definition: str
    formula: Optional[str] = Field(None, min_length=1, description="计算公式；定性指标不写公式，改写 levels")
    levels: list[Level] = Field(default_factory=list, description="定性指标的评分等级，从高到低")
    unit: str = Field("", title="计量单位")
    direction: Optional[Direction] = Field(
        None, description="指标方向；定量指标不写时按越高越好，定性指标（评分等级）没有方向")
    target: str = ""
    thresholds: Optional[Thresholds] = None
    frequency: Frequency = "月度"
    source: str = Field("", description="数据来源")
    evaluator: Optional[str] = Field(None, description="考核人：岗位或组织单元的 id")

    @property
    def effective_direction(self) -> Optional[str]:
        """The direction as written; 越高越好 for a quantitative KPI that names none; None for levels only."""
        return self.direction or (None if self.levels and not self.formula else "越高越好")


class Branch(Strict):
    to: str = Field(description="下一步的 id，或 end")
    label: str = Field(min_length=1)


class Participant(Strict):
    role: str
    kind: ApprovalKind = Field("参与", title="参与类型")
    condition: str = Field("", description="适用条件，如 金额超过 5 万元时")


class Phase(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str


class Step(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1, max_length=40)
    role: Optional[str] = Field(None, description="负责的岗位或组织单元 id")
    roles: list[str] = Field(default_factory=list, description="共同负责的其他岗位或组织单元 id（联合负责）")
    action: str = ""
    approval: Optional[ApprovalKind] = Field(None, title="审批类型", description="负责角色在本步的审批类型")
    condition: str = Field("", title="审批条件", description="审批的适用条件，如 金额 > 5 万元由总经理审批，否则部门经理审批")
    gateway: Optional[Gateway] = Field(None, description="网关：判断（排他）、并行（分叉）、汇合（等待各并行分支完成）")
    milestone: bool = Field(False, description="里程碑或事件：不需要负责角色")
    start: bool = Field(False, description="另一个开始点（第一步总是开始点）")
    calls: Optional[str] = Field(None, description="转入的另一个流程 id（调用子流程）")
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
    purpose: str = Field("", title="目的")
    scope: str = ""
    trigger: str = ""
    phases: list[Phase] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1)
    key_points: list[TextItem] = Field(default_factory=list)
    kpis: list[str] = Field(default_factory=list, title="相关指标")
    policies: list[str] = Field(default_factory=list, description="相关制度章节 id")
    chart: ChartOrientation = Field("auto", description="泳道图方向：auto 自动（放不下时纵向），vertical 纵向（角色在上方），"
                                                        "horizontal 横向（角色在左侧）")


class Course(Record):
    """A training course of the catalog."""

    category: str
    hours: Optional[float] = Field(None, gt=0, description="学时")
    days: Optional[float] = Field(None, gt=0, description="天数；与 hours 二选一")
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


class VocabularyChange(Strict):
    """Extend a default list: {add: [支行, 营业网点]}."""

    add: list[str] = Field(min_length=1, description="在默认列表后追加的取值")


Vocabulary = Union[list[str], VocabularyChange]
"""A list replaces the defaults (its order is the display order); {add: [...]} extends them."""


class Vocabularies(Strict):
    """Lists of allowed values; each may replace or extend its defaults (vocab.py)."""

    unit_kinds: Optional[Vocabulary] = Field(None, description="组织单元类型")
    approval_kinds: Optional[Vocabulary] = Field(None, description="流程步骤的审批类型")
    training_stages: Optional[Vocabulary] = Field(None, description="培训阶段，按先后顺序")
    kpi_frequencies: Optional[Vocabulary] = Field(None, description="考核周期")
    course_categories: Optional[Vocabulary] = Field(None, description="课程类别，按显示顺序；不写则不限")


class Meta(Strict):
    """data/handbook.yaml: the handbook's title and its releases."""

    title: str = Field(title="手册标题")
    organization: str
    description: str = Field("", title="手册说明")
    vocabularies: Vocabularies = Field(default_factory=Vocabularies)
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

MODEL_LABELS = {
    "Unit": KIND_LABELS["units"], "Position": KIND_LABELS["positions"], "Kpi": KIND_LABELS["kpis"],
    "Process": KIND_LABELS["processes"], "Course": KIND_LABELS["courses"], "Meta": "手册信息", "Synonyms": "搜索同义词",
    "Branch": "分支", "Item": "带锚点的条目", "Participant": "参与者", "Phase": "阶段", "Step": "流程步骤",
    "Qualifications": "任职资格", "KpiWeight": "考核指标及权重", "TrainingEntry": "培训计划条目", "Thresholds": "评分标准",
    "Release": "发布记录", "ChapterMeta": "章节信息", "Level": "评分等级", "Vocabularies": "取值列表",
    "VocabularyChange": "追加取值",
    "Relations": "工作关系", "Career": "职业发展", "Approval": "编制、审核与批准",
}
"""Every model's Chinese name by class name: the JSON Schema titles of the models (schema_labels applies them)."""


class ChapterMeta(Strict):
    """Front matter of a content chapter (制度章节)."""

    id: Optional[str] = Field(None, pattern=ID_PATTERN, description="可省略；填写时必须与文件名相同")
    title: Optional[str] = Field(None, description="不填则用正文第一个一级标题")
    order: int = 0


def field_label(model: type[BaseModel], path: str) -> str:
    """The Chinese label of a field of `model`, the one every reader of the data uses (messages, JSON Schema,
    Word, Excel, pages). path: a field name, or a dotted path into nested models ("qualifications.education").

    The label is the field's own Field(title=…) when it has one, else FIELD_LABELS by name; for `name` of a
    record with a noun in RECORD_NOUNS it is that noun + 名称 (岗位名称). Raises KeyError for a field the model
    does not have, so a renamed field cannot leave a stale label behind.
    """
    *parents, name = path.split(".")
    for part in parents:
        model = _nested_model(model.model_fields[part].annotation)
    info = model.model_fields[name]
    if info.title and info.title != FIELD_LABELS.get(name, name):
        return info.title
    if name == "name" and model.__name__ in RECORD_NOUNS:
        return RECORD_NOUNS[model.__name__] + "名称"
    return FIELD_LABELS[name]


def _nested_model(annotation) -> type[BaseModel]:
    """The model inside a field's annotation: Career, Optional[Thresholds], list[KpiWeight] → the model class."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    from typing import get_args

    for arg in get_args(annotation):
        try:
            return _nested_model(arg)
        except TypeError:
            continue
    raise TypeError(f"no model in {annotation!r}")
