"""One fact in one place (issue 12): every label is the model's, every reserved name is the address layout's,
and every diagnostic about one field says which field (so the Excel importer can point at the cell)."""

from __future__ import annotations

import ast
import inspect

from pydantic import BaseModel

from handbook import addresses, flow, model, schema_labels
from handbook.diagnostics import CODES


def test_the_model_owns_the_name_of_every_model():
    classes = {name for name, cls in vars(model).items()
               if inspect.isclass(cls) and issubclass(cls, BaseModel) and cls.__module__ == model.__name__
               and name not in ("Strict", "Record")}
    assert classes <= set(model.MODEL_LABELS), classes - set(model.MODEL_LABELS)
    for kind, cls in model.KINDS.items():  # a record kind is called the same as its model
        assert model.MODEL_LABELS[cls.__name__] == model.KIND_LABELS[kind]
    # schema_labels only applies the model's tables: it declares no Chinese words of its own
    assert not any(isinstance(value, dict) for name, value in vars(schema_labels).items() if name.isupper()
                   and value is not model.MODEL_LABELS)
    tree = ast.parse(inspect.getsource(schema_labels))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef)) and ast.get_docstring(node)}
    words = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
             and id(node) not in docstrings and any("\u4e00" <= ch <= "\u9fff" for ch in node.value)]
    assert not words, words
    titled = schema_labels.chinese_titles(model.Position.model_json_schema())
    assert titled["title"] == model.MODEL_LABELS["Position"]
    assert {d["title"] for d in titled["$defs"].values()} >= {model.MODEL_LABELS["Career"], model.MODEL_LABELS["KpiWeight"]}


def test_the_reserved_id_message_names_the_reserved_ids_of_the_layout():
    text = CODES["id.reserved"]
    for rid in addresses.RESERVED_RECORD_IDS | flow.RESERVED_STEP_IDS:
        assert rid in text, (rid, text)


FIELD_RULES = ("kpi.veto", "kpi.weights", "position.date", "position.headcount", "kpi.formula", "kpi.levels",
               "step.gateway", "step.calls", "unit.organization", "course.length", "position.self", "position.career",
               "unused")
"""Rules resolve.py applies to one field of a record (issue 12: each diagnostic carries that field's path)."""


def test_every_field_rule_has_a_gate_mutant_that_checks_its_path():
    """tests/test_gate.py runs each mutant; one with `path` fails unless its diagnostic carries exactly that path,
    and every mutant fails when a diagnostic that names a field (Diagnostic.field) carries no path."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from mutants import MUTANTS, contract_problems
    from handbook.diagnostics import Diagnostic, Report

    checked = {m.expect for m in MUTANTS if m.path}
    assert set(FIELD_RULES) <= checked, set(FIELD_RULES) - checked
    report = Report([Diagnostic("data/handbook.yaml", 3, "kpi.veto", "一票否决项不计权重", "kpis[1].weight")])
    root = Path(__file__).resolve().parent.parent
    assert any(p.startswith("no field path") for p in contract_problems(root, report))
