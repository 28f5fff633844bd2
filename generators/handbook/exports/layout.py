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

from ..model import Course, Kpi, Meta, Position, Process, Release, Step, Unit

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


UNITS = SheetSpec("组织单元", "units", "组织单元（公司、中心、部门、科室……），一行一个。", (
    Col("id", "单元ID", 16, required=True, note="英文标识：小写字母、数字和 -，如 sales-dept"),
    Col("name", "名称", 16, required=True),
    Col("kind", "类型", 8, note="集团、公司、中心、部门、科室、分公司、区域、小组之一（可在手册信息的“组织单元类型”中增加），默认 部门"),
    Col("parent", "上级单元ID", 16, note="上级组织单元的 ID，最高层留空"),
    Col("head", "负责人岗位ID", 16),
    Col("functions", "部门职能", 50, "items", note="一行一条；需要锚点时写成“[key] 文字”"),
    Col("description", "说明", 30),
    Col("order", "排序", 6, "int", note="同级排序，数字小的在前，默认 0"),
    Col("organization", "所属法人单位", 18, note="只用于最高层单元：它所属的法人单位；不填则用手册的组织名称"),
))

POSITIONS = SheetSpec("岗位", "positions", "岗位基本信息和任职资格，一行一个；职责、指标、培训在各自的工作表。", (
    Col("id", "岗位ID", 16, required=True, note="英文标识，如 sales-manager"),
    Col("name", "岗位名称", 14, required=True),
    Col("unit", "所属单元ID", 16, required=True),
    Col("reports_to", "直接上级岗位ID", 16),
    Col("headcount", "编制", 6, "headcount", note="整数，默认 1；尚未确定写“未定”"),
    Col("grade", "岗位等级", 8),
    Col("purpose", "岗位目的", 36),
    Col("qualifications.education", "学历", 10),
    Col("qualifications.major", "专业", 14),
    Col("qualifications.experience", "经验", 20),
    Col("qualifications.knowledge", "知识", 24, "list"),
    Col("qualifications.skills", "技能", 24, "list"),
    Col("qualifications.competencies", "素质", 24, "list"),
    Col("qualifications.other", "其他要求", 20, "list"),
    Col("code", "岗位编号", 12),
    Col("relations.internal", "内部协调", 24, "list"),
    Col("relations.external", "外部联系", 24, "list"),
    Col("environment", "工作环境", 24),
    Col("career.promotion", "晋升岗位ID", 18, "list", note="可晋升到的岗位 ID，多个用“；”分隔"),
    Col("career.rotation", "轮换岗位ID", 18, "list", note="可轮换到的岗位 ID，多个用“；”分隔"),
    Col("career.note", "职业发展说明", 24),
    Col("approval.drafted_by", "编制人", 10),
    Col("approval.drafted_on", "编制日期", 11, note="YYYY-MM-DD"),
    Col("approval.reviewed_by", "审核人", 10),
    Col("approval.reviewed_on", "审核日期", 11, note="YYYY-MM-DD"),
    Col("approval.approved_by", "批准人", 10),
    Col("approval.approved_on", "批准日期", 11, note="YYYY-MM-DD"),
    Col("order", "排序", 6, "int"),
    Col("unit_name", "所属单元名称（参考）", 14, "info"),
    Col("reports_to_name", "直接上级名称（参考）", 14, "info"),
    Col("vacancies", "空缺", 6, "int", note="其中空缺的人数，默认 0"),
    Col("dotted_reports_to", "虚线汇报岗位ID", 16, "list", note="虚线汇报的上级岗位 ID，多个用“；”分隔"),
    Col("other_units", "同时归属单元ID", 16, "list", note="第二所属组织单元的 ID，多个用“；”分隔"),
    Col("concurrent", "兼任岗位ID", 16, "list", note="由同一人兼任的其他岗位 ID，多个用“；”分隔"),
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
    Col("id", "指标ID", 18, required=True),
    Col("name", "指标名称", 16, required=True),
    Col("category", "类别", 10),
    Col("definition", "定义", 36, required=True),
    Col("formula", "计算公式", 36, note="定量指标填写；定性指标留空，改填“评分等级”"),
    Col("unit", "单位", 6),
    Col("direction", "指标方向", 10, note="越高越好 或 越低越好"),
    Col("target", "目标值", 10),
    Col("thresholds.excellent", "优秀值", 10),
    Col("thresholds.passing", "合格值", 10),
    Col("frequency", "考核周期", 8, note="月度、季度、半年度、年度之一（可在手册信息的“考核周期”中增加）"),
    Col("source", "数据来源", 16),
    Col("evaluator", "考核人ID", 16, note="考核人：岗位或组织单元的 ID"),
    Col("levels", "评分等级", 36, "levels", note="定性指标：一行一个等级，写成“等级（得分）：标准”，得分可省略，如 优（100）：全年无投诉"),
))

POSITION_KPIS = SheetSpec("岗位指标", "position_kpis", "岗位与考核指标的对应，一行一项；同一岗位的权重合计应为 100。", (
    Col("position", "岗位ID", 16, required=True),
    Col("kpi", "指标ID", 18, required=True),
    Col("weight", "权重(%)", 8, "float", note="一票否决项不填"),
    Col("target", "本岗位目标值", 14, note="不填则用指标库的目标值"),
    Col("position_name", "岗位名称（参考）", 14, "info"),
    Col("kpi_name", "指标名称（参考）", 16, "info"),
    Col("veto", "一票否决", 8, "bool", note="一票否决项填“是”，它不计入权重合计"),
))

PROCESSES = SheetSpec("流程", "processes", "业务流程，一行一个；步骤在“流程步骤”表。", (
    Col("id", "流程ID", 18, required=True),
    Col("name", "流程名称", 16, required=True),
    Col("category", "类别", 10),
    Col("owner", "归口单元ID", 16, required=True),
    Col("purpose", "目的", 30),
    Col("scope", "适用范围", 24),
    Col("trigger", "触发条件", 20),
    Col("phases", "阶段", 24, "pairs", note="阶段ID:名称，多个用“；”分隔"),
    Col("key_points", "控制要点", 36, "items", note="一行一条；需要锚点时写成“[key] 文字”"),
    Col("kpis", "相关指标ID", 20, "list"),
    Col("policies", "相关制度章节ID", 20, "list"),
    Col("chart", "泳道图方向", 12, note="auto 自动（默认）；vertical 纵向；horizontal 横向"),
))

STEPS = SheetSpec("流程步骤", "steps", "流程的步骤，一行一步，按 序号 排列。", (
    Col("process", "流程ID", 18, required=True),
    Col("seq", "序号", 6, "int"),
    Col("id", "步骤ID", 12, required=True),
    Col("name", "步骤名称", 16, required=True),
    Col("role", "负责角色ID", 16, note="岗位或组织单元的 ID"),
    Col("action", "工作内容", 30),
    Col("approval", "审批类型", 8, note="审核、审批、会签、参与、组织论证、参与论证、备案、知会、执行之一"),
    Col("participants", "参与角色", 24, "pairs", note="角色ID:类型，多个用“；”分隔，如 gm:会签；有条件时写 gm:审批（金额超过 5 万元）"),
    Col("phase", "阶段ID", 10),
    Col("decision", "判断节点", 8, "bool", note="判断节点填“是”"),
    Col("inputs", "输入", 18, "list"),
    Col("outputs", "输出", 18, "list"),
    Col("forms", "表单", 18, "list"),
    Col("next", "下一步", 14, "next", note="下一步的步骤ID，多个用“；”分隔；留空为顺序下一步，“无”表示没有下一步"),
    Col("branches", "分支", 28, "pairs", note="目标步骤ID:条件，多个用“；”分隔，结束写 end，如 sign:通过；draft:退回"),
    Col("roles", "共同负责角色ID", 16, "list", note="联合负责的其他岗位或组织单元 ID，多个用“；”分隔"),
    Col("condition", "审批条件", 24, note="审批的适用条件，如 金额 > 5 万元"),
    Col("gateway", "网关", 8, note="判断、并行（分叉）或 汇合"),
    Col("milestone", "里程碑", 8, "bool", note="没有负责角色的里程碑或事件填“是”"),
    Col("start", "开始点", 8, "bool", note="流程也可以从这一步开始时填“是”"),
    Col("calls", "转入流程ID", 16, note="本步转入的另一个流程的 ID"),
))

COURSES = SheetSpec("培训课程", "courses", "培训课程目录，一行一门课。", (
    Col("id", "课程ID", 18, required=True),
    Col("name", "课程名称", 18, required=True),
    Col("category", "类别", 10, required=True),
    Col("hours", "学时", 6, "float", note="学时和天数填一个"),
    Col("format", "形式", 8, note="默认 面授"),
    Col("objectives", "培训目标", 30, "list"),
    Col("outline", "课程大纲", 36, "list"),
    Col("days", "天数", 6, "float"),
))

TRAINING = SheetSpec("培训计划", "training", "岗位的培训计划，一行一门课。", (
    Col("position", "岗位ID", 16, required=True),
    Col("course", "课程ID", 18, required=True),
    Col("kind", "必修/选修", 8, note="必修 或 选修，默认 必修"),
    Col("stage", "阶段", 8, note="入职、在岗、晋升之一（可在手册信息的“培训阶段”中增加），默认 在岗"),
    Col("position_name", "岗位名称（参考）", 14, "info"),
    Col("course_name", "课程名称（参考）", 16, "info"),
))

RELEASES = SheetSpec("手册信息", "releases", "手册标题、组织名称和发布记录。", (
    Col("version", "版本", 10, required=True),
    Col("date", "生效日期", 12, required=True, note="YYYY-MM-DD"),
    Col("approver", "批准人", 12),
    Col("summary", "变更摘要", 40),
    Col("revision", "对应修订", 16, note="该版本对应的 git 标签或提交"),
    Col("changes", "变更说明", 40, "list"),
))
META_FIELDS = (("title", "手册标题"), ("organization", "组织名称"), ("description", "手册说明"),
               ("vocabularies.unit_kinds", "组织单元类型"), ("vocabularies.approval_kinds", "审批类型"),
               ("vocabularies.training_stages", "培训阶段"), ("vocabularies.kpi_frequencies", "考核周期"),
               ("vocabularies.course_categories", "课程类别"))
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
