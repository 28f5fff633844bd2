"""Diagram engine: org charts and swimlane process charts as inline SVG.

Pure Python, no knowledge of the handbook's data model: callers pass the
plain dataclasses below and get an SVG string. Layout (geometry) and
serialisation are separate so tests can check the geometry directly.
"""

from .orgchart import layout_orgchart, render_orgchart
from .shapes import (END, START, Band, BandSpan, Box, Connector, FlowEdge, FlowNode, Label, Lane, LaneRow,
                     OrgLayout, OrgLink, Part, OrgNode, SwimlaneLayout, TextBlock)
from .swimlane import ChartDrawings, layout_swimlane, render_swimlane, render_swimlane_with_print
from .text import text_width, wrap

__all__ = [
    "ChartDrawings", "END", "START", "Band", "BandSpan", "Box", "Connector", "FlowEdge", "FlowNode", "Label", "Lane", "LaneRow",
    "OrgLayout", "OrgLink", "OrgNode", "Part", "SwimlaneLayout", "TextBlock",
    "layout_orgchart", "layout_swimlane", "render_orgchart", "render_swimlane", "render_swimlane_with_print", "text_width", "wrap",
]
