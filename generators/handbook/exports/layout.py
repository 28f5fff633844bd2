"""The column layout of the whole-handbook workbook, shared by the export and the import.

Every data sheet has the same shape:

* row 1: Chinese column headers (what people read);
* row 2: the field name of each column (hidden; what the importer maps by);
* row 3 on: one record (or one list line) per row.

The importer maps columns by the field names of row 2, so columns may be
reordered; when row 2 is missing it falls back to the Chinese headers of row 1.
Columns of kind "info" (names shown next to ids) are for reading only and are
ignored on import.

List cells: short lists (知识、技能、输入、输出…) are joined with "；" (with a line
break instead when an item itself contains "；"). Text lines that may carry an
anchor key (部门职能、控制要点) are one per line, a keyed line written as
"[key] 文字". Pairs are written "a:b" joined with "；": 阶段 "id:名称", 参与角色
"角色ID:类型", 分支 "目标步骤ID:条件".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import (RECORD_NOUNS, Course, Kpi, KpiWeight, Meta, Position, Process, Release, Step, TrainingEntry, Unit,
                     field_label)

HEADER_ROW, KEY_ROW, FIRST_ROW = 1, 2, 3
LIST_SEP = "；"
NEXT_NONE = "无"
"""Written in 下一步 for an explicit empty `next: []` (the step ends nothing follows)."""
DUTY_TYPES = {"职责": "duties", "权限": "authorities", "责任": "accountabilities"}
YES, NO = "是", ""


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    width: float = 14
    kind: str = "text"  # text | int | float | list | items | pairs | bool | next | info | headcount | levels
    note: str = ""
    required: bool = False


@dataclass(frozen=True)
class SheetSpec:
    name: str
    kind: str  # the data/ folder or the sub-list it feeds
    note: str
    cols: tuple[Col, ...]

    def col(self, key: str) -> Col:
        return next(c for c in self.cols if c.key == key)


def _field(model, key: str, width: float = 14, kind: str = "text", note: str = "", required: bool = False,
           suffix: str = "") -> Col:
    """A column for a field of `model` (dotted for nested models), headed by the model's own label
    (model.field_label) and a suffix where the cell holds ids of other records ("ID") or a unit ("(%)")."""
    return Col(key, field_label(model, key) + suffix, width, kind, note, required)


def _id(model, width: float = 14, kind: str = "text", note: str = "", required: bool = False) -> Col:
    """The id column of a record sheet: the record's noun + ID (岗位ID), the noun from model.RECORD_NOUNS."""
    return Col("id", RECORD_NOUNS[model.__name__] + "ID", width, kind, note, required)


UNITS = SheetSpec("组织单元", "units", "组织单元（公司、中心、部门、科室……），一行一个。", (
    _id(Unit, 16, required=True, note="英文标识：小写字母、数字和 -，如 sales-dept"),
    _field(Unit, "name", 16, required=True),
    _field(Unit, "kind", 8, note=f"集团、公司、中心、部门、科室、分公司、区域、小组之一（可在手册信息的“{field_label(Meta, 'vocabularies.unit_kinds')}”中增加），默认 部门"),
    _field(Unit, "parent", 16, note="上级组织单元的 ID，最高层留空", suffix="ID"),
    _field(Unit, "head", 16, suffix="ID"),
    _field(Unit, "functions", 50, "items", note="一行一条；需要锚点时写成“[key] 文字”"),
    _field(Unit, "description", 30),
    _field(Unit, "order", 6, "int", note="同级排序，数字小的在前，默认 0"),
    _field(Unit, "organization", 18, note="只用于最高层单元：它所属的法人单位；不填则用手册的组织名称"),
))

POSITIONS = SheetSpec("岗位", "positions", "岗位基本信息和任职资格，一行一个；职责、指标、培训在各自的工作表。", (
    _id(Position, 16, required=True, note="英文标识，如 sales-manager"),
    _field(Position, "name", 14, required=True),
    _field(Position, "unit", 16, required=True, suffix="ID"),
    _field(Position, "reports_to", 16, suffix="ID"),
    _field(Position, "headcount", 6, "headcount", note="整数，默认 1；尚未确定写“未定”"),
    _field(Position, "grade", 8),
    _field(Position, "purpose", 36),
    _field(Position, "qualifications.education", 10),
    _field(Position, "qualifications.major", 14),
    _field(Position, "qualifications.experience", 20),
    _field(Position, "qualifications.knowledge", 24, "list"),
    _field(Position, "qualifications.skills", 24, "list"),
    _field(Position, "qualifications.competencies", 24, "list"),
    _field(Position, "qualifications.other", 20, "list"),
    _field(Position, "code", 12),
    _field(Position, "relations.internal", 24, "list"),
    _field(Position, "relations.external", 24, "list"),
    _field(Position, "environment", 24),
    _field(Position, "career.promotion", 18, "list", note="可晋升到的岗位 ID，多个用“；”分隔", suffix="ID"),
    _field(Position, "career.rotation", 18, "list", note="可轮换到的岗位 ID，多个用“；”分隔", suffix="ID"),
    _field(Position, "career.note", 24),
    _field(Position, "approval.drafted_by", 10),
    _field(Position, "approval.drafted_on", 11, note="YYYY-MM-DD"),
    _field(Position, "approval.reviewed_by", 10),
    _field(Position, "approval.reviewed_on", 11, note="YYYY-MM-DD"),
    _field(Position, "approval.approved_by", 10),
    _field(Position, "approval.approved_on", 11, note="YYYY-MM-DD"),
    _field(Position, "order", 6, "int"),
    Col("unit_name", field_label(Position, "unit") + "名称（参考）", 14, "info"),
    Col("reports_to_name", field_label(Position, "reports_to") + "名称（参考）", 14, "info"),
    _field(Position, "vacancies", 6, "int", note="其中空缺的人数，默认 0"),
    _field(Position, "dotted_reports_to", 16, "list", note="虚线汇报的上级岗位 ID，多个用“；”分隔", suffix="ID"),
    _field(Position, "other_units", 16, "list", note="第二所属组织单元的 ID，多个用“；”分隔", suffix="ID"),
    _field(Position, "concurrent", 16, "list", note="由同一人兼任的其他岗位 ID，多个用“；”分隔", suffix="ID"),
))

DUTIES = SheetSpec("岗位职责", "duties", "岗位的职责、权限、责任，一行一条，按 序号 排列。", (
    Col("position", "岗位ID", 16, required=True),
    Col("position_name", "岗位名称", 14, "info"),
    Col("type", "类型", 6, required=True, note="职责、权限、责任之一"),
    Col("seq", "序号", 6, "int", note="同一岗位同一类型内的顺序"),
    Col("text", "内容", 60, required=True),
    Col("key", "锚点", 12, note="可选的稳定英文锚点，如 budget"),
))

KPIS = SheetSpec("考核指标", "kpis", "考核指标库，一行一个指标。", (
    _id(Kpi, 18, required=True),
    _field(Kpi, "name", 16, required=True),
    _field(Kpi, "category", 10),
    _field(Kpi, "definition", 36, required=True),
    _field(Kpi, "formula", 36, note="定量指标填写；定性指标留空，改填“评分等级”"),
    _field(Kpi, "unit", 6),
    _field(Kpi, "direction", 10, note="越高越好 或 越低越好"),
    _field(Kpi, "target", 10),
    _field(Kpi, "thresholds.excellent", 10),
    _field(Kpi, "thresholds.passing", 10),
    _field(Kpi, "frequency", 8, note=f"月度、季度、半年度、年度之一（可在手册信息的“{field_label(Meta, 'vocabularies.kpi_frequencies')}”中增加）"),
    _field(Kpi, "source", 16),
    _field(Kpi, "evaluator", 16, note="考核人：岗位或组织单元的 ID", suffix="ID"),
    _field(Kpi, "levels", 36, "levels", note="定性指标：一行一个等级，写成“等级（得分）：标准”，得分可省略，如 优（100）：全年无投诉"),
))

POSITION_KPIS = SheetSpec("岗位指标", "position_kpis", "岗位与考核指标的对应，一行一项；同一岗位的权重合计应为 100。", (
    Col("position", "岗位ID", 16, required=True),
    _field(KpiWeight, "kpi", 18, required=True, suffix="ID"),
    _field(KpiWeight, "weight", 8, "float", note="一票否决项不填", suffix="(%)"),
    _field(KpiWeight, "target", 14, note="不填则用指标库的目标值"),
    Col("position_name", "岗位名称（参考）", 14, "info"),
    Col("kpi_name", "指标名称（参考）", 16, "info"),
    _field(KpiWeight, "veto", 8, "bool", note="一票否决项填“是”，它不计入权重合计"),
))

PROCESSES = SheetSpec("流程", "processes", "业务流程，一行一个；步骤在“流程步骤”表。", (
    _id(Process, 18, required=True),
    _field(Process, "name", 16, required=True),
    _field(Process, "category", 10),
    _field(Process, "owner", 16, required=True, suffix="ID"),
    _field(Process, "purpose", 30),
    _field(Process, "scope", 24),
    _field(Process, "trigger", 20),
    _field(Process, "phases", 24, "pairs", note="阶段ID:名称，多个用“；”分隔"),
    _field(Process, "key_points", 36, "items", note="一行一条；需要锚点时写成“[key] 文字”"),
    _field(Process, "kpis", 20, "list", suffix="ID"),
    _field(Process, "policies", 20, "list", suffix="ID"),
    _field(Process, "chart", 12, note="auto 自动（默认）；vertical 纵向；horizontal 横向"),
))

STEPS = SheetSpec("流程步骤", "steps", "流程的步骤，一行一步，按 序号 排列。", (
    Col("process", "流程ID", 18, required=True),
    Col("seq", "序号", 6, "int"),
    _id(Step, 12, required=True),
    _field(Step, "name", 16, required=True),
    _field(Step, "role", 16, note="岗位或组织单元的 ID", suffix="ID"),
    _field(Step, "action", 30),
    _field(Step, "approval", 8, note="审核、审批、会签、参与、组织论证、参与论证、备案、知会、执行之一"),
    _field(Step, "participants", 24, "pairs", note="角色ID:类型，多个用“；”分隔，如 gm:会签；有条件时写 gm:审批（金额超过 5 万元）"),
    _field(Step, "phase", 10, suffix="ID"),
    _field(Step, "decision", 8, "bool", note="判断节点填“是”"),
    _field(Step, "inputs", 18, "list"),
    _field(Step, "outputs", 18, "list"),
    _field(Step, "forms", 18, "list"),
    _field(Step, "next", 14, "next", note="下一步的步骤ID，多个用“；”分隔；留空为顺序下一步，“无”表示没有下一步"),
    _field(Step, "branches", 28, "pairs", note="目标步骤ID:条件，多个用“；”分隔，结束写 end，如 sign:通过；draft:退回"),
    _field(Step, "roles", 16, "list", note="联合负责的其他岗位或组织单元 ID，多个用“；”分隔", suffix="ID"),
    _field(Step, "condition", 24, note="审批的适用条件，如 金额 > 5 万元"),
    _field(Step, "gateway", 8, note="判断、并行（分叉）或 汇合"),
    _field(Step, "milestone", 8, "bool", note="没有负责角色的里程碑或事件填“是”"),
    _field(Step, "start", 8, "bool", note="流程也可以从这一步开始时填“是”"),
    _field(Step, "calls", 16, note="本步转入的另一个流程的 ID", suffix="ID"),
))

COURSES = SheetSpec("培训课程", "courses", "培训课程目录，一行一门课。", (
    _id(Course, 18, required=True),
    _field(Course, "name", 18, required=True),
    _field(Course, "category", 10, required=True),
    _field(Course, "hours", 6, "float", note="学时和天数填一个"),
    _field(Course, "format", 8, note="默认 面授"),
    _field(Course, "objectives", 30, "list"),
    _field(Course, "outline", 36, "list"),
    _field(Course, "days", 6, "float"),
))

TRAINING = SheetSpec("培训计划", "training", "岗位的培训计划，一行一门课。", (
    Col("position", "岗位ID", 16, required=True),
    _field(TrainingEntry, "course", 18, required=True, suffix="ID"),
    _field(TrainingEntry, "kind", 8, note="必修 或 选修，默认 必修"),
    _field(TrainingEntry, "stage", 8, note=f"入职、在岗、晋升之一（可在手册信息的“{field_label(Meta, 'vocabularies.training_stages')}”中增加），默认 在岗"),
    Col("position_name", "岗位名称（参考）", 14, "info"),
    Col("course_name", "课程名称（参考）", 16, "info"),
))

RELEASES = SheetSpec("手册信息", "releases", "手册标题、组织名称和发布记录。", (
    _field(Release, "version", 10, required=True),
    _field(Release, "date", 12, required=True, note="YYYY-MM-DD"),
    _field(Release, "approver", 12),
    _field(Release, "summary", 40),
    _field(Release, "revision", 16, note="该版本对应的 git 标签或提交"),
    _field(Release, "changes", 40, "list"),
))
META_FIELDS = tuple((key, field_label(Meta, key)) for key in (
    "title", "organization", "description", "vocabularies.unit_kinds", "vocabularies.approval_kinds",
    "vocabularies.training_stages", "vocabularies.kpi_frequencies", "vocabularies.course_categories"))
"""The 手册信息 sheet's rows: (field, the model's label)."""
VOCAB_ADD = "追加："
"""A vocabulary cell: the full list joined with “；” replaces the defaults; “追加：a；b” adds to them."""
META_SHEET = "手册信息"
README_SHEET = "说明"

DATA_SHEETS = (UNITS, POSITIONS, DUTIES, KPIS, POSITION_KPIS, PROCESSES, STEPS, COURSES, TRAINING)
SHEET_ORDER = (README_SHEET, META_SHEET) + tuple(s.name for s in DATA_SHEETS)

COVERED_FIELDS = {
    # model → fields that some column (or sub-sheet) carries; tests check nothing is left out
    Unit: {"id", "name", "kind", "parent", "head", "functions", "description", "order", "organization"},
    Position: {"id", "name", "unit", "reports_to", "headcount", "grade", "purpose", "duties", "authorities",
               "accountabilities", "qualifications", "kpis", "training", "order", "vacancies",
               "dotted_reports_to", "other_units", "concurrent",
               "code", "relations", "environment", "career", "approval"},
    Kpi: {"id", "name", "category", "definition", "formula", "levels", "unit", "direction", "target", "thresholds",
          "frequency", "source", "evaluator"},
    Process: {"id", "name", "category", "owner", "purpose", "scope", "trigger", "phases", "steps",
              "key_points", "kpis", "policies", "chart"},
    Step: {c.key for c in STEPS.cols} - {"process", "seq"},
    Course: {c.key for c in COURSES.cols},
    Meta: {"title", "organization", "description", "releases", "vocabularies"},
    Release: {c.key for c in RELEASES.cols},
}
