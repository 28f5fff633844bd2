"""Chinese titles for the exported JSON Schema: VS Code shows them when an editor hovers a field.

Field titles come from the model itself (model.field_label), the same words the check messages and the
exports use.
"""

from __future__ import annotations

from pydantic import BaseModel

from . import model as data_model
from .model import KIND_LABELS

MODEL_LABELS = {
    "Unit": KIND_LABELS["units"], "Position": KIND_LABELS["positions"], "Kpi": KIND_LABELS["kpis"],
    "Process": KIND_LABELS["processes"], "Course": KIND_LABELS["courses"], "Meta": "手册信息", "Synonyms": "搜索同义词",
    "Branch": "分支", "Item": "带锚点的条目", "Participant": "参与者", "Phase": "阶段", "Step": "流程步骤",
    "Qualifications": "任职资格", "KpiWeight": "考核指标及权重", "TrainingEntry": "培训计划条目", "Thresholds": "评分标准",
    "Release": "发布记录", "ChapterMeta": "章节信息", "Level": "评分等级", "Vocabularies": "取值列表",
    "VocabularyChange": "追加取值",
    "Relations": "工作关系", "Career": "职业发展", "Approval": "编制、审核与批准",
}


def chinese_titles(schema: dict) -> dict:
    """The schema with every model and field title in Chinese (unknown names keep pydantic's title); field titles
    are the model's labels (model.field_label), the words messages, Word, Excel and the pages use."""
    _retitle(schema)
    for definition in schema.get("$defs", {}).values():
        _retitle(definition)
    return schema


def _retitle(model: dict) -> None:
    """One model of the schema: its Chinese name, and every field titled with model.field_label (岗位名称, 计量单位)."""
    cls = getattr(data_model, str(model.get("title")), None)
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        for name, prop in model.get("properties", {}).items():
            if name in cls.model_fields:
                prop["title"] = data_model.field_label(cls, name)
    model["title"] = MODEL_LABELS.get(model.get("title"), model.get("title"))
