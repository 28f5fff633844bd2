"""Plain input and geometry types of the diagram engine.

Inputs are frozen dataclasses so callers can build them from any data model
without this package importing it. Geometry types are separate from SVG
serialisation so tests can check layout invariants on numbers, not markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class OrgNode:
    """One box of an org chart; `url` is the relative link the box opens."""

    id: str
    label: str
    url: str
    sublabel: str = ""
    kind: str = "unit"  # "unit" | "position" | "outside" (a position of another unit, drawn dashed)
    children: tuple["OrgNode", ...] = ()
    badge: str = ""  # a tag on top of the box, e.g. "兼任" for a post held together with another


@dataclass(frozen=True)
class OrgLink:
    """A dotted-line report (虚线汇报) from box `source` to its dotted-line superior `target`."""

    source: str
    target: str


@dataclass(frozen=True)
class Lane:
    """A swimlane: one role (position or unit)."""

    id: str
    label: str
    url: str


@dataclass(frozen=True)
class Band:
    """A process phase, drawn as a labelled group of columns."""

    id: str
    label: str


@dataclass(frozen=True)
class Part:
    """A further role of a step (reviewer, co-signer...): drawn as a linked box in its own lane."""

    lane: str
    label: str = ""  # kind of participation, e.g. "会签"


@dataclass(frozen=True)
class FlowNode:
    """A process step; `url` is the anchor of its description, e.g. "#step-receive".

    `kind` (derived) is the BPMN shape: task, exclusive or parallel gateway, event, call activity.
    `parts` puts the step in further lanes (joint roles, participants).
    """

    id: str
    label: str
    lane: str
    url: str
    phase: Optional[str] = None
    decision: bool = False
    approval: Optional[str] = None
    gateway: str = ""  # "" | "parallel" (fork) | "join": a + diamond; decisions are exclusive gateways
    event: bool = False  # a milestone or event without a role: a BPMN event circle, named beside it
    calls: str = ""  # name of the process this step hands off to (a call activity)
    joint: str = ""  # names of the other responsible roles of a joint step
    parts: tuple[Part, ...] = ()  # further lanes of the step: joint roles and participants

    @property
    def kind(self) -> str:
        """BPMN kind, from the fields above: exclusive / parallel gateway, event, call activity or task."""
        if self.gateway in ("parallel", "join"):
            return "parallel"
        if self.decision:
            return "exclusive"
        if self.event:
            return "event"
        return "call" if self.calls else "task"

    @property
    def is_gateway(self) -> bool:
        """Exclusive or parallel gateway: branches leave from its vertices."""
        return self.kind in ("exclusive", "parallel")


@dataclass(frozen=True)
class FlowEdge:
    """A transition; `target` may be END to finish the process."""

    source: str
    target: str
    label: str = ""


START = "start"
END = "end"
"""Reserved ids of the Start and End markers of a swimlane."""

# ---------------------------------------------------------------- geometry


@dataclass(frozen=True)
class TextBlock:
    """Consecutive lines of one style inside a box."""

    lines: tuple[str, ...]
    font_size: float
    line_height: float
    role: str  # "label" | "sublabel" | "badge" | "header"

    @property
    def height(self) -> float:
        return len(self.lines) * self.line_height


@dataclass(frozen=True)
class Box:
    """A node rectangle (or the bounding box of a diamond / circle; shape "none": text only, e.g. a circle's name).

    `inner_w`/`inner_h` is the area text may use: for a diamond that is the
    centred rectangle of half its width and height, which fits inside it.
    """

    x: float
    y: float
    w: float
    h: float
    id: str
    url: str
    kind: str  # unit | position | lane | band | step | decision | start | end | event[-start|-end] | ...
    shape: str  # rect | diamond | circle | double-circle | none
    blocks: tuple[TextBlock, ...]
    inner_w: float
    inner_h: float
    tooltip: str = ""

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(line for b in self.blocks for line in b.lines)

    @property
    def text_height(self) -> float:
        return sum(b.height for b in self.blocks)

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Label:
    """An edge label's rectangle and lines."""

    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]
    font_size: float
    line_height: float


@dataclass(frozen=True)
class Connector:
    """An orthogonal polyline from the boundary of `source` to the boundary of `target`."""

    points: tuple[tuple[float, float], ...]
    source: str
    target: str
    label: str = ""
    label_box: Optional[Label] = None
    back: bool = False  # loops to an earlier step
    arrow: bool = True
    association: bool = False  # dotted link from a step to its participant box, no arrow
    dotted: bool = False  # a dotted-line report in an org chart (虚线汇报): dashed, arrow at the superior


@dataclass(frozen=True)
class OrgLayout:
    width: float
    height: float
    boxes: tuple[Box, ...]
    connectors: tuple[Connector, ...]
    legend: tuple[str, ...] = ()  # what the legend explains: "dotted" (虚线汇报), "badge" (兼任)
    legend_y: float = 0.0  # top of the legend (its rows: svg.legend_rows)


@dataclass(frozen=True)
class LaneRow:
    """A lane's rectangle right of (horizontal) or below (vertical) its header."""

    id: str
    y: float
    h: float
    x: float = 0.0
    w: float = 0.0


@dataclass(frozen=True)
class BandSpan:
    """A phase's rectangle across all lanes."""

    id: str
    x: float
    w: float
    y: float = 0.0
    h: float = 0.0


@dataclass(frozen=True)
class SwimlaneLayout:
    width: float
    height: float
    boxes: tuple[Box, ...]  # lane headers, band headers, markers, steps
    connectors: tuple[Connector, ...]
    lanes: tuple[LaneRow, ...]
    bands: tuple[BandSpan, ...]
    body_x: float  # left of the lane area (right of the headers when horizontal)
    body_y: float  # top of the lane area (below the headers when vertical)
    body_bottom: float
    vertical: bool = False  # lanes are columns, steps flow down
    body_right: float = 0.0

    @property
    def head(self) -> tuple[str, float]:
        """Where the lane headers end, for a sticky header: ("x", right edge) or ("y", bottom edge)."""
        return ("y", self.body_y) if self.vertical else ("x", self.body_x)
