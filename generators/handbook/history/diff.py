"""Compare two versions of a handbook in business terms, for release notices.

Lines (duties, authorities, accountabilities) are matched by their key when
they have one, then by identical text, and what is left is paired by
similarity so a reworded duty reads as "reworded" rather than "removed + added".
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass

from ..render.processes_view import course_length, step_kind
from ..render.staffing import position_headcount
from ..book import Handbook
from ..model import item_key, item_text

LINE_FIELDS = {"duties": "职责", "authorities": "权限", "accountabilities": "责任"}
REWORD_SIMILARITY = 0.5


@dataclass(frozen=True)
class Change:
    kind: str
    """What sort of record: 岗位 / 组织单元 / 考核指标 / 业务流程 / 培训课程."""
    record: str
    name: str
    what: str
    """A short Chinese description, e.g. 职责改写, 汇报关系调整."""
    before: str = ""
    after: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def sentence(self) -> str:
        if self.before and self.after:
            return f"{self.kind}“{self.name}”：{self.what}：“{self.before}” → “{self.after}”"
        detail = self.after or self.before
        return f"{self.kind}“{self.name}”：{self.what}" + (f"：“{detail}”" if detail else "")


def compare(old: Handbook, new: Handbook) -> list[Change]:
    changes: list[Change] = []
    for label, kind, fields in (("组织单元", "units", _unit_changes), ("岗位", "positions", _position_changes),
                                ("考核指标", "kpis", _kpi_changes), ("业务流程", "processes", _process_changes),
                                ("培训课程", "courses", _course_changes)):
        before, after = getattr(old, kind), getattr(new, kind)
        for rid in sorted(set(before) | set(after)):
            if rid not in before:
                changes.append(Change(label, rid, after[rid].name, "新增"))
            elif rid not in after:
                changes.append(Change(label, rid, before[rid].name, "删除"))
            else:
                a, b = before[rid], after[rid]
                if a.name != b.name:
                    changes.append(Change(label, rid, b.name, "改名", a.name, b.name))
                if fields:
                    changes.extend(fields(old, new, a, b, label))
    return changes


def _unit_changes(old, new, a, b, label):
    if a.parent != b.parent:
        yield Change(label, b.id, b.name, "上级组织调整", _name(old, a.parent), _name(new, b.parent))
    if a.head != b.head:
        yield Change(label, b.id, b.name, "负责人岗位调整", _name(old, a.head), _name(new, b.head))
    if a.organization != b.organization:
        yield Change(label, b.id, b.name, "所属法人单位调整", a.organization or old.meta.organization,
                     b.organization or new.meta.organization)
    yield from _lines(label, b, _texts(a.functions), _texts(b.functions), "部门职能", _keys(a.functions), _keys(b.functions))


def _position_changes(old, new, a, b, label):
    if a.reports_to != b.reports_to:
        yield Change(label, b.id, b.name, "汇报关系调整", _name(old, a.reports_to), _name(new, b.reports_to))
    if a.unit != b.unit:
        yield Change(label, b.id, b.name, "调整所属部门", _name(old, a.unit), _name(new, b.unit))
    if (a.headcount, a.vacancies) != (b.headcount, b.vacancies):
        yield Change(label, b.id, b.name, "编制调整", position_headcount(a), position_headcount(b))
    for field, word in (("dotted_reports_to", "虚线汇报调整"), ("other_units", "同时归属单元调整"),
                        ("concurrent", "兼任关系调整")):
        if getattr(a, field) != getattr(b, field):
            yield Change(label, b.id, b.name, word, _names(old, getattr(a, field)), _names(new, getattr(b, field)))
    for field, word in LINE_FIELDS.items():
        before, after = getattr(a, field), getattr(b, field)
        yield from _lines(label, b, _texts(before), _texts(after), word, _keys(before), _keys(after))
    yield from _kpi_weights(old, new, a, b, label)
    yield from _form_changes(old, new, a, b, label)
    plan_a = {e.course: e for e in a.training}
    plan_b = {e.course: e for e in b.training}
    for cid in sorted(set(plan_a) | set(plan_b)):
        if cid not in plan_a:
            yield Change(label, b.id, b.name, "培训计划新增课程", "", f"{_name(new, cid)}（{plan_b[cid].kind}·{plan_b[cid].stage}）")
        elif cid not in plan_b:
            yield Change(label, b.id, b.name, "培训计划删除课程", f"{_name(old, cid)}（{plan_a[cid].kind}·{plan_a[cid].stage}）", "")
        elif (plan_a[cid].kind, plan_a[cid].stage) != (plan_b[cid].kind, plan_b[cid].stage):
            yield Change(label, b.id, b.name, f"课程“{_name(new, cid)}”要求调整",
                         f"{plan_a[cid].kind}·{plan_a[cid].stage}", f"{plan_b[cid].kind}·{plan_b[cid].stage}")


def _form_changes(old, new, a, b, label):
    """岗位说明书 form fields: 岗位编号, 工作关系, 工作环境, 职业发展, and the approval (编制/审核/批准)."""
    if a.code != b.code:
        yield Change(label, b.id, b.name, "岗位编号调整", a.code, b.code)
    for field, word in (("internal", "内部协调"), ("external", "外部联系")):
        before, after = getattr(a.relations, field), getattr(b.relations, field)
        if before != after:
            yield Change(label, b.id, b.name, f"工作关系（{word}）调整", "、".join(before), "、".join(after))
    if a.environment != b.environment:
        yield Change(label, b.id, b.name, "工作环境调整", a.environment, b.environment)
    for field, word in (("promotion", "晋升方向"), ("rotation", "轮换岗位")):
        before, after = getattr(a.career, field), getattr(b.career, field)
        if before != after:
            yield Change(label, b.id, b.name, f"职业发展（{word}）调整", "、".join(_name(old, t) for t in before),
                         "、".join(_name(new, t) for t in after))
    if a.career.note != b.career.note:
        yield Change(label, b.id, b.name, "职业发展说明调整", a.career.note, b.career.note)
    if a.approval != b.approval:
        def shown(x):
            return "；".join(f"{word} {who or '—'} {when or ''}".strip() for word, who, when in (
                ("编制", x.drafted_by, x.drafted_on), ("审核", x.reviewed_by, x.reviewed_on), ("批准", x.approved_by, x.approved_on)))
        yield Change(label, b.id, b.name, "岗位说明书审批信息调整", shown(a.approval), shown(b.approval))


def _kpi_weights(old, new, a, b, label):
    wa = {e.kpi: e for e in a.kpis}
    wb = {e.kpi: e for e in b.kpis}
    for kid in sorted(set(wa) | set(wb)):
        if kid not in wa:
            yield Change(label, b.id, b.name, "新增考核指标", "", f"{_name(new, kid)} {_weight(wb[kid])}")
        elif kid not in wb:
            yield Change(label, b.id, b.name, "删除考核指标", f"{_name(old, kid)} {_weight(wa[kid])}", "")
        else:
            if wa[kid].veto != wb[kid].veto:
                yield Change(label, b.id, b.name, f"指标“{_name(new, kid)}”一票否决调整", _weight(wa[kid]), _weight(wb[kid]))
            elif wa[kid].weight != wb[kid].weight:
                yield Change(label, b.id, b.name, f"指标“{_name(new, kid)}”权重调整", f"{wa[kid].weight:g}%", f"{wb[kid].weight:g}%")
            if wa[kid].target != wb[kid].target:
                yield Change(label, b.id, b.name, f"指标“{_name(new, kid)}”目标调整", wa[kid].target or "（按指标库）",
                             wb[kid].target or "（按指标库）")


def _kpi_changes(old, new, a, b, label):
    for field, word in (("target", "目标值"), ("formula", "计算公式"), ("definition", "定义"), ("frequency", "考核周期")):
        if getattr(a, field) != getattr(b, field):
            yield Change(label, b.id, b.name, f"{word}调整", str(getattr(a, field) or "无"), str(getattr(b, field) or "无"))
    if a.levels != b.levels:
        yield Change(label, b.id, b.name, "评分等级调整", _levels(a.levels), _levels(b.levels))


def _course_changes(old, new, a, b, label):
    if (a.hours, a.days) != (b.hours, b.days):
        yield Change(label, b.id, b.name, "时长调整", course_length(a), course_length(b))
    if a.category != b.category:
        yield Change(label, b.id, b.name, "类别调整", a.category, b.category)


def _process_changes(old, new, a, b, label):
    sa = {s.id: s for s in a.steps}
    sb = {s.id: s for s in b.steps}
    for sid in [s.id for s in a.steps if s.id not in sb]:
        yield Change(label, b.id, b.name, "删除步骤", sa[sid].name, "")
    for step in b.steps:
        if step.id not in sa:
            yield Change(label, b.id, b.name, "新增步骤", "", f"{step.name}（{_name(new, step.role)}{'，' + step.approval if step.approval else ''}）")
            continue
        before = sa[step.id]
        if before.role != step.role:
            yield Change(label, b.id, b.name, f"步骤“{step.name}”改由其他角色负责", _name(old, before.role), _name(new, step.role))
        if before.approval != step.approval:
            yield Change(label, b.id, b.name, f"步骤“{step.name}”审批类型调整", before.approval or "无", step.approval or "无")
        if before.name != step.name:
            yield Change(label, b.id, b.name, "步骤改名", before.name, step.name)
        yield from _step_changes(old, new, b, label, before, step)


def _step_changes(old, new, process, label, before, step):
    """Joint roles, approval conditions, gateways, hand-offs and start points of one step."""
    name = f"步骤“{step.name}”"
    if before.roles != step.roles:
        yield Change(label, process.id, process.name, f"{name}共同负责角色调整", _names(old, before.roles), _names(new, step.roles))
    conditions_a = [before.condition] + [f"{p.role}:{p.condition}" for p in before.participants if p.condition]
    conditions_b = [step.condition] + [f"{p.role}:{p.condition}" for p in step.participants if p.condition]
    if conditions_a != conditions_b:
        yield Change(label, process.id, process.name, f"{name}审批条件调整", _conditions(old, before), _conditions(new, step))
    if (before.gateway, before.decision, before.milestone) != (step.gateway, step.decision, step.milestone):
        yield Change(label, process.id, process.name, f"{name}节点类型调整", _node_kind(before), _node_kind(step))
    if before.calls != step.calls:
        yield Change(label, process.id, process.name, f"{name}转入流程调整", _name(old, before.calls), _name(new, step.calls))
    if before.start != step.start:
        yield Change(label, process.id, process.name, f"{name}开始点调整", "是" if before.start else "否", "是" if step.start else "否")


def _conditions(hb, step) -> str:
    parts = [step.condition] if step.condition else []
    parts += [f"{_name(hb, p.role)}{p.kind}：{p.condition}" for p in step.participants if p.condition]
    return "；".join(parts) or "无"


def _node_kind(step) -> str:
    return step_kind(step) or "任务"


def _weight(entry) -> str:
    return "一票否决" if entry.veto else f"{entry.weight:g}%"


def _levels(levels) -> str:
    return "；".join(f"{lv.name}：{lv.description}" for lv in levels) or "无（按公式计算）"


def _names(hb, ids) -> str:
    return "、".join(_name(hb, i) for i in ids) or "无"


def _texts(items) -> list[str]:
    return [item_text(i) for i in items]


def _keys(items) -> list[str | None]:
    return [item_key(i) for i in items]


def _lines(label, record, before, after, word, keys_a, keys_b):
    """Added, removed and reworded lines of one list field."""
    removed = [(i, t) for i, t in enumerate(before)]
    added = [(i, t) for i, t in enumerate(after)]
    # 1. same key → same line
    for ia, key in enumerate(keys_a):
        if key and key in keys_b:
            ib = keys_b.index(key)
            if before[ia] != after[ib]:
                yield Change(label, record.id, record.name, f"{word}改写", before[ia], after[ib])
            removed = [r for r in removed if r[0] != ia]
            added = [x for x in added if x[0] != ib]
    # 2. identical text → unchanged (moved lines are not news)
    texts_added = [t for _, t in added]
    still_removed = []
    for i, text in removed:
        if text in texts_added:
            texts_added.remove(text)
            added.remove(next(x for x in added if x[1] == text))
        else:
            still_removed.append((i, text))
    # 3. similar text → reworded
    for i, text in still_removed:
        best = max(added, key=lambda x: difflib.SequenceMatcher(None, text, x[1]).ratio(), default=None)
        if best and difflib.SequenceMatcher(None, text, best[1]).ratio() >= REWORD_SIMILARITY:
            yield Change(label, record.id, record.name, f"{word}改写", text, best[1])
            added.remove(best)
        else:
            yield Change(label, record.id, record.name, f"删除{word}", text, "")
    for _, text in added:
        yield Change(label, record.id, record.name, f"新增{word}", "", text)


def _name(hb: Handbook, rid: str | None) -> str:
    if not rid:
        return "无"
    try:
        return hb.name_of(rid)
    except KeyError:
        return rid
