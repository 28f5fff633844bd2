"""How a process flows: where each step leads, who takes part, and what kind of gateway it is.

These read the validated model (model.Process, model.Step) only; resolution, the
matrices, the charts and the exports all ask the same questions here.
"""

from __future__ import annotations

from .model import Process, Step

START, END = "start", "end"
RESERVED_STEP_IDS = frozenset({START, END})
"""The chart's start and end markers; `end` in next/branches finishes the process."""


def successors(process: Process, index: int) -> list[tuple[str, str]]:
    """Where a step leads, as (target, label); "end" finishes the process."""
    step = process.steps[index]
    if step.branches:
        return [(b.to, b.label) for b in step.branches]
    if step.next is not None:
        return [(target, "") for target in step.next]
    following = process.steps[index + 1].id if index + 1 < len(process.steps) else END
    return [(following, "")]


def responsible(step: Step) -> list[str]:
    """The responsible roles of a step: `role` first, then the joint roles of `roles`."""
    return list(dict.fromkeys(([step.role] if step.role else []) + list(step.roles)))


def involvements(step: Step) -> list[tuple[str, str]]:
    """Every (role, kind) on a step: the responsible roles first, then participants."""
    return [(role, kind) for role, kind, _ in involvement_details(step)]


def involvement_details(step: Step) -> list[tuple[str, str, str]]:
    """Every (role, kind, condition) on a step; condition is "" when the involvement always applies."""
    out = [(role, step.approval or "负责", step.condition) for role in responsible(step)]
    out.extend((p.role, p.kind, p.condition) for p in step.participants)
    return out


def is_exclusive(step: Step) -> bool:
    """An exclusive gateway (判断): `decision: true` or `gateway: 判断`."""
    return step.decision or step.gateway == "判断"


def start_indexes(process: Process) -> list[int]:
    """Where a process may begin: its first step, and every step marked `start: true`."""
    return [0] + [i for i, step in enumerate(process.steps) if step.start and i > 0]
