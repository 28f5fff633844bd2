"""Responsibility and training matrices as plain data for matrix.html.j2.

Real HTML tables (not pictures) so they can be searched, copied and read on a
phone, where the wrapper scrolls sideways and the first column stays put.
"""

from __future__ import annotations

import re
from collections import defaultdict

from markupsafe import Markup, escape

from ..book import Handbook
from ..diagrams.text import text_width
from ..flow import involvement_details, involvements
from . import order
from .context import PageContext
from ..addresses import record_page
from .links import step_anchor

KIND_CLASSES = {"负责": "do", "执行": "do", "审核": "review", "审批": "approve", "会签": "sign",
                "参与": "join", "组织论证": "approve", "参与论证": "join", "备案": "info", "知会": "info",
                "必修": "required", "选修": "optional"}


def _cell(kind: str) -> str:
    """A cell's text; "必修·在岗" shows as two short lines so the column stays narrow."""
    return "<br>".join(str(escape(part)) for part in kind.split("·"))


_SUFFIX = re.compile(r"^(.+?)([（(][^（）()]{1,16}[）)])$")
"""A trailing bracketed part of a column's name: 消防安全（2天）, 经理（副）."""


def _head_label(name: str) -> Markup:
    """A column head's name as HTML, its trailing bracketed part (a course's length…) kept on one line,
    so a narrow column never breaks it into “（2天” and “）”."""
    match = _SUFFIX.match(name)
    if not match:
        return escape(name)
    return Markup(f'{escape(match.group(1))}<span class="hb-nowrap">{escape(match.group(2))}</span>')


PAGE_WIDTH_PX = 656
"""Width of a table on A4 in the print edition (CSS px): the 703 px text area (12 mm margins) less the
page's side margins, as Chromium lays it out."""
HEADER_FONT_PX, CELL_PAD_PX, ROW_HEAD_PX = 14.8, 12.0, 210.0
"""Matrix text (.74 rem of Material's 20 px root), a cell's side padding, and the room the step (row name)
column takes on paper (measured: about 200 px), in CSS px."""


def paper_column_groups(widths: list[float]) -> list[int]:
    """How many columns (in order) each printed table of a matrix holds, given each column's width on one
    line (px, `column_width`): each table as many as fit across an A4 page (at least one); [len(widths)]
    when they all fit. A wider table would wrap its names between characters (市场｜部) or make the browser
    shrink every printed page of the edition to fit it."""
    counts: list[int] = []
    width = ROW_HEAD_PX
    for w in widths:
        need = w + CELL_PAD_PX
        if counts and width + need <= PAGE_WIDTH_PX:
            counts[-1] += 1
            width += need
        else:
            counts.append(1)
            width = ROW_HEAD_PX + need
    return counts or [0]


CELL_WRAP_CHARS = 6
"""A cell's text longer than this many characters (审批（金额超过 5 万元）) wraps on paper."""


def column_width(name: str, cells: list[str]) -> float:
    """Width (px) a role column needs on paper: its name on one line, and its cells up to CELL_WRAP_CHARS
    characters on one line."""
    cell = max((text_width(c[:CELL_WRAP_CHARS], HEADER_FONT_PX) for c in cells), default=0.0)
    return max(text_width(name, HEADER_FONT_PX), cell)


def _column_widths(p: PageContext, roles: list[str], rows: list) -> list[float]:
    """`column_width` of each role column, its cells gathered in one pass over the rows."""
    cells: dict[str, list[str]] = {role: [] for role in roles}
    for row in rows:
        for role, kind in (row[2].items() if len(row) == 3 else ()):
            if role in cells:
                cells[role].append(kind)
    return [column_width(p.hb.name_of(role), cells[role]) for role in roles]


def matrix_html(p: PageContext, caption: str, corner: str, roles: list[str], rows: list,
                column_groups: list[tuple[str, int]] | None = None) -> Markup:
    """The matrix as an HTML table. Built in Python rather than Jinja: large handbooks have
    hundreds of thousands of cells, and a template loop costs five times as much per cell.

    `rows` holds (label, href, cells) per row and (label,) for a group heading (a unit);
    `column_groups` is [(category, number of columns)] over `roles` in order, drawn as a header row.
    A matrix without column groups that is too wide for A4 (`paper_column_groups`) shows whole on screen
    and prints as several tables of consecutive columns (hb-print-only), each repeating the row names."""
    counts = [len(roles)] if column_groups else paper_column_groups(_column_widths(p, roles, rows))
    if len(counts) == 1:
        return Markup(_table(p, caption, corner, roles, rows, column_groups))
    tables, start = [_table(p, caption, corner, roles, rows, None, "hb-screen-only")], 0
    for i, n in enumerate(counts, 1):
        tables.append(_table(p, f"{caption}（{i}/{len(counts)}）", corner, roles[start:start + n], rows, None,
                             "hb-print-only"))
        start += n
    return Markup("\n".join(tables))


def _table(p: PageContext, caption: str, corner: str, roles: list[str], rows: list,
           column_groups: list[tuple[str, int]] | None, wrap_cls: str = "") -> str:
    """One <table> in its scrolling wrapper (with the further class `wrap_cls`): see `matrix_html`."""
    grouped = bool(column_groups)
    cls = ' class="hb-col"' if grouped else ""
    head = "".join(f'<th scope="col"{cls}>{p.link(role, text=_head_label(p.hb.name_of(role)))}</th>' for role in roles)
    body = []
    for row in rows:
        if len(row) == 1:
            body.append(f'<tr class="hb-group"><th scope="rowgroup" colspan="{len(roles) + 1}">'
                        f'<span>{escape(row[0])}</span></th></tr>')
            continue
        label, href, cells = row
        tds = []
        for role in roles:
            kind = cells.get(role)
            tds.append(f'<td class="hb-kind hb-kind-{kind_class(kind)}">{_cell(kind)}</td>' if kind else "<td></td>")
        body.append(f'<tr><th scope="row"><a href="{escape(href)}">{escape(label)}</a></th>{"".join(tds)}</tr>')
    caption = escape(caption)
    if grouped:
        groups = "".join(f'<th scope="colgroup" colspan="{n}">{escape(name)}</th>' for name, n in column_groups)
        thead = (f'<thead><tr><th scope="col" rowspan="2" class="hb-corner">{escape(corner)}</th>{groups}</tr>'
                 f'<tr>{head}</tr></thead>')
    else:
        thead = f'<thead><tr><th scope="col" class="hb-corner">{escape(corner)}</th>{head}</tr></thead>'
    table_cls = "hb-matrix hb-matrix-grouped" if grouped else "hb-matrix"
    wrap = f"hb-matrix-wrap {wrap_cls}".strip()
    return (f'<div class="{wrap}" role="region" aria-label="{caption}" tabindex="0">\n'
            f'<table class="{table_cls}">\n<caption>{caption}</caption>\n{thead}\n'
            f'<tbody>\n' + "\n".join(body) + "\n</tbody>\n</table>\n</div>")


def _by_category(hb: Handbook, kind: str, ids: list[str]) -> tuple[list[str], list[tuple[str, int]]]:
    """Columns reordered so each category's are together, categories in the handbook's one order
    (order.category_order); returns (ids, [(category, number of columns)])."""
    groups = order.by_category(hb, kind, ids)
    return [rid for _, members in groups for rid in members], [(name, len(members)) for name, members in groups]


def _unit_rows(hb: Handbook, units: frozenset | None, row_of) -> list:
    """Rows grouped by unit in org-tree order: a heading per unit, then the unit's own row (if
    `row_of(unit)` gives one) and its positions' rows (head first, then by order)."""
    rows: list = []
    members = dict(order.positions_by_unit(hb))
    for uid in order.units_in_org_order(hb):
        if units is not None and uid not in units:
            continue
        mine = [r for r in [row_of(uid)] + [row_of(pid) for pid in members.get(uid, [])] if r]
        if mine:
            rows.append((hb.units[uid].name,))
            rows += mine
    return rows


def kind_class(kind: str) -> str:
    """CSS class of a cell; a cell may hold several kinds joined by '/'."""
    return KIND_CLASSES.get(kind.split("/")[0].split("（")[0].split("·")[0], "join")


def with_condition(kind: str, condition: str) -> str:
    """A cell's text: the kind, and the approval condition when there is one: 审批（金额超过 5 万元）."""
    return f"{kind}（{condition}）" if condition else kind


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
        for role, kind, condition in involvement_details(step):
            _add(cells, role, with_condition(kind, condition))
        rows.append((f"{i}. {step.name}", "#" + step_anchor(step.id), cells))
    return dict(caption=f"{proc.name}：步骤 × 角色", corner="步骤", roles=process_roles(proc), rows=rows)


SECTION_LIMIT = 300
"""Handbook-wide matrices are split into sections of at most this many positions: a 10,000 × 200
grid is neither readable nor cheap (its size grows with the square of the organization)."""


def matrix_sections(hb: Handbook) -> list[tuple[str, str, frozenset]]:
    """(unit id, label, unit ids covered): subtrees of at most SECTION_LIMIT positions, in tree order."""
    # iterative walks: a unit tree thousands of levels deep must not hit Python's recursion limit
    def subtree(uid: str) -> list[str]:
        out, todo = [], [uid]
        while todo:
            current = todo.pop()
            out.append(current)
            todo.extend(reversed(hb.child_units.get(current, ())))
        return out

    roots = hb.roots()
    size: dict[str, int] = {}
    for uid in reversed([u for root in roots for u in subtree(root)]):  # sub-units before their parent
        size[uid] = len(hb.unit_positions.get(uid, ())) + sum(size[c] for c in hb.child_units.get(uid, ()))

    sections: list[tuple[str, str, frozenset]] = []
    chain: list[str] = []  # large units, each the parent of the next, whose own positions share one section
    chain_size = 0

    def flush() -> None:
        nonlocal chain_size
        if chain:
            first, last = hb.units[chain[0]].name, hb.units[chain[-1]].name
            label = f"{first}（本级）" if len(chain) == 1 else f"{first} 至 {last}（共 {len(chain)} 级，各本级）"
            sections.append((chain[0], label, frozenset(chain)))
        chain.clear()
        chain_size = 0

    todo = list(reversed(roots))
    while todo:
        uid = todo.pop()
        children = hb.child_units.get(uid, ())
        if size[uid] <= SECTION_LIMIT or not children:
            flush()
            if size[uid]:
                sections.append((uid, hb.units[uid].name, frozenset(subtree(uid))))
            continue
        own = len(hb.unit_positions.get(uid, ()))
        if own:
            # a deep chain of large units would otherwise give one tiny page per level
            if not (chain and hb.units[uid].parent == chain[-1] and chain_size + own <= SECTION_LIMIT):
                flush()
            chain.append(uid)
            chain_size += own
        else:
            flush()
        todo.extend(reversed(children))
    flush()
    return sections


def _positions_in(hb: Handbook, units: frozenset | None) -> list[str]:
    if units is None:
        return list(hb.positions)
    return [pid for uid in sorted(units) for pid in hb.unit_positions.get(uid, ())]


def handbook_process_matrix(hb: Handbook, p: PageContext, units: frozenset | None = None) -> dict:
    """Roles × processes: what each role does in each process. Rows grouped by unit in org-tree order,
    columns grouped by process category. `units` limits the rows to a section."""
    roles = _positions_in(hb, units) + (list(hb.units) if units is None else sorted(units))
    cells_by_role: dict[str, dict[str, str]] = defaultdict(dict)
    columns: list[str] = []
    for role in roles:
        for ref in hb.role_steps.get(role, ()):
            _add(cells_by_role[role], ref.process, with_condition(ref.involvement, ref.condition))
            if ref.process not in columns:
                columns.append(ref.process)
    rows = _unit_rows(hb, units, lambda role: (hb.name_of(role), p.href_to(role), cells_by_role[role])
                      if role in cells_by_role else None)
    ordered = [pid for pid in hb.processes if pid in set(columns)] if units is not None else list(hb.processes)
    ordered, groups = _by_category(hb, "processes", ordered)
    return dict(caption="岗位 × 业务流程", corner="岗位 / 组织", roles=ordered, rows=rows, column_groups=groups)


def training_matrix(hb: Handbook, p: PageContext, units: frozenset | None = None) -> dict:
    """Positions × courses: 必修/选修 and stage. Rows grouped by unit, columns by course category."""
    used: set[str] = set()

    def row(pid: str):
        if pid not in hb.positions:
            return None  # a unit: no training of its own
        pos = hb.positions[pid]
        cells = {e.course: f"{e.kind}·{e.stage}" for e in pos.training}
        used.update(cells)
        return (pos.name, p.href(record_page("positions", pid), "training"), cells)

    rows = _unit_rows(hb, units, row)
    columns = list(hb.courses) if units is None else [cid for cid in hb.courses if cid in used]
    columns, groups = _by_category(hb, "courses", columns)
    return dict(caption="岗位 × 课程", corner="岗位", roles=columns, rows=rows, column_groups=groups)


MATRIX_PAGES = {
    "processes/matrix": ("职责分工总表",
                         "各岗位和组织单元在每个业务流程中的角色：负责、审核、审批、会签、参与等。点击表头进入流程或岗位。",
                         handbook_process_matrix),
    "training/matrix": ("培训矩阵", "每个岗位的必修、选修课程及其培训阶段（入职、在岗、晋升）。", training_matrix),
}
"""Base path (without .md) → (title, intro, builder). Large handbooks get one page per section below it."""
