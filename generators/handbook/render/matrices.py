"""Responsibility and training matrices as plain data for matrix.html.j2.

Real HTML tables (not pictures) so they can be searched, copied and read on a
phone, where the wrapper scrolls sideways and the first column stays put.
"""

from __future__ import annotations

from collections import defaultdict

from ..resolve import Handbook, involvements
from .context import PageContext
from .links import record_page, step_anchor

KIND_CLASSES = {"负责": "do", "执行": "do", "审核": "review", "审批": "approve", "会签": "sign",
                "参与": "join", "组织论证": "approve", "参与论证": "join", "备案": "info", "知会": "info"}


def kind_class(kind: str) -> str:
    """CSS class of a cell; a cell may hold several kinds joined by '/'."""
    return KIND_CLASSES.get(kind.split("/")[0], "join")


def _add(cells: dict, role: str, kind: str) -> None:
    if role in cells and kind not in cells[role].split("/"):
        cells[role] += "/" + kind
    else:
        cells.setdefault(role, kind)


def process_roles(proc) -> list[str]:
    """Lanes and matrix columns: roles in order of first appearance, so the order is stable."""
    roles: list[str] = []
    for step in proc.steps:
        for role, _ in involvements(step):
            if role not in roles:
                roles.append(role)
    return roles


def process_matrix(hb: Handbook, proc, p: PageContext) -> dict:
    rows = []
    for i, step in enumerate(proc.steps, 1):
        cells: dict[str, str] = {}
        for role, kind in involvements(step):
            _add(cells, role, kind)
        rows.append((f"{i}. {step.name}", "#" + step_anchor(step.id), cells))
    return dict(caption=f"{proc.name}：步骤 × 角色", corner="步骤", roles=process_roles(proc), rows=rows)


def handbook_process_matrix(hb: Handbook, p: PageContext) -> dict:
    """Roles × processes: what each role does in each process, the whole handbook at a glance."""
    cells_by_role: dict[str, dict[str, str]] = defaultdict(dict)
    for pid, proc in hb.processes.items():
        for step in proc.steps:
            for role, kind in involvements(step):
                _add(cells_by_role[role], pid, kind)
    order = list(hb.positions) + list(hb.units)
    rows = [(hb.name_of(role), p.href_to(role), cells_by_role[role]) for role in order if role in cells_by_role]
    return dict(caption="岗位 × 业务流程", corner="岗位 / 组织", roles=list(hb.processes), rows=rows)


def training_matrix(hb: Handbook, p: PageContext) -> dict:
    rows = []
    for pid, pos in hb.positions.items():
        cells = {e.course: f"{e.kind}·{e.stage}" for e in pos.training}
        rows.append((pos.name, p.href(record_page("positions", pid), "training"), cells))
    return dict(caption="岗位 × 课程", corner="岗位", roles=list(hb.courses), rows=rows)


MATRIX_PAGES = {
    "processes/matrix.md": ("职责分工总表",
                            "各岗位和组织单元在每个业务流程中的角色：负责、审核、审批、会签、参与等。点击表头进入流程或岗位。",
                            handbook_process_matrix),
    "training/matrix.md": ("培训矩阵", "每个岗位的必修、选修课程及其培训阶段（入职、在岗、晋升）。", training_matrix),
}
