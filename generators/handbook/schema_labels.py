"""Chinese titles for the exported JSON Schema: VS Code shows them when an editor hovers a field.

Every label is the model's own (model.MODEL_LABELS for the models, model.field_label for their fields), the
same words the check messages, the pages and the exports use; this module only applies them to a schema.
"""

from __future__ import annotations

from pydantic import BaseModel

from . import model as data_model
from .model import MODEL_LABELS


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
