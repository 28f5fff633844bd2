"""Build a synthetic marketing organization and write it as a handbook data tree.

The build has two halves:

1. *Plan* (in memory, small): units, position skeletons (id, name, unit,
   reports_to, family, rank), the KPI library and course catalog sized by
   demand, and the assignment of KPIs and courses to positions. Assignment is
   round-robin over each pool, so every KPI and every course is used.
2. *Write* (streaming): each record is rendered to text and written at once;
   the long texts of positions (duties, authorities, ...) are composed just
   before writing and then dropped.

All randomness comes from one random.Random(seed); iteration is over lists in
a fixed order, so the same (positions, seed) produces byte-identical files.
"""

from __future__ import annotations

import math
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import phrases as P
from .emit import dumps

MIN_POSITIONS = 10
MARKER = ".handbook-demo"
"""File written at the root of a generated tree; a rerun may replace such a tree."""

KIND_DIRS = ("units", "positions", "kpis", "processes", "courses")


# ---------------------------------------------------------------------------
# Plan records
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class UnitPlan:
    id: str
    name: str
    kind: str
    parent: Optional[str]
    family: str
    scope: str  # "hq" or a branch id
    place: str  # city name, or "" for headquarters
    order: int
    head: Optional[str] = None
    note: str = ""  # extra description text


@dataclass(slots=True)
class PosPlan:
    id: str
    name: str
    title: str
    unit: str
    reports_to: Optional[str]
    family: str
    rank: str  # top | head | deputy | sup | staff
    scope: str
    place: str
    headcount: int
    order: int
    grade: str
    boss_title: str
    kpis: list = field(default_factory=list)  # kpi ids
    courses: list = field(default_factory=list)  # (course id, kind, stage)


@dataclass(slots=True)
class Scope:
    id: str  # "hq" or branch id
    name: str  # 营销中心 / 杭州分公司
    unit: str
    gm: str
    families: dict = field(default_factory=dict)  # family -> {"unit", "head", "staff": [...]}
    depts: list = field(default_factory=list)  # dept names, for descriptions


def _clamp(value, low, high):
    return max(low, min(high, value))


def _target_text(direction: str, unit: str, value: float, cap: bool = True) -> str:
    """≥95% / ≤45天 / 0次 style target text."""
    if value == 0:
        return f"0{unit}"
    if cap and unit == "%" and direction == "越高越好":
        value = min(100.0, value)
    value = round(value) if abs(value) >= 10 else round(value, 1)
    sign = "≥" if direction == "越高越好" else "≤"
    return f"{sign}{_fmt_num(value)}{unit}"


def _fmt_num(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
    return f"{value:.1f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------------------
# Builder
# ---------------------------------------------------------------------------


class Builder:
    def __init__(self, positions: int, seed: int):
        if positions < MIN_POSITIONS:
            raise ValueError(f"positions must be at least {MIN_POSITIONS}")
        self.n = positions
        self.rng = random.Random(seed)
        self.ids: set[str] = set()
        self.units: list[UnitPlan] = []
        self.positions: list[PosPlan] = []
        self.names: dict[str, str] = {}  # record id -> name, for texts
        self.scopes: dict[str, Scope] = {}
        self.branch_ids: list[str] = []
        self.region_of: dict[str, tuple] = {}  # branch id -> (region key, region name)
        self.kpi_info: dict[str, tuple] = {}  # kpi id -> (direction, unit, target value)
        self.kpi_pools: dict[str, list[str]] = {}  # pool, or pool@region for regional variants
        self.kpi_base: dict[str, str] = {}  # kpi id -> template, to avoid two variants in one position
        self.use_regions = False
        self.course_pools: dict[str, list[str]] = {}
        self.process_ids: dict[str, list[str]] = {}  # template key -> process ids
        self.process_names: dict[str, str] = {}
        self.org = ""

    # -- ids -----------------------------------------------------------------

    def claim(self, rid: str) -> str:
        if rid in self.ids:
            raise RuntimeError(f"duplicate id {rid}")
        if len(rid) > 64:
            raise RuntimeError(f"id too long: {rid}")
        self.ids.add(rid)
        return rid

    def add_unit(self, **kw) -> UnitPlan:
        unit = UnitPlan(**kw)
        self.claim(unit.id)
        self.units.append(unit)
        self.names[unit.id] = unit.name
        return unit

    def add_pos(self, **kw) -> PosPlan:
        pos = PosPlan(**kw)
        self.claim(pos.id)
        self.positions.append(pos)
        self.names[pos.id] = pos.name
        return pos

    # -- splitting -----------------------------------------------------------

    def split(self, total: int, parts: int, low: int = 1, high: int = 10**9) -> list[int]:
        """Split total into `parts` integers near total/parts, jittered, each in [low, high] when possible."""
        parts = max(1, min(parts, total))
        base, rest = divmod(total, parts)
        sizes = [base + (1 if i < rest else 0) for i in range(parts)]
        low = min(low, base)
        for _ in range(parts):
            i = self.rng.randrange(parts)
            j = self.rng.randrange(parts)
            if i == j:
                continue
            move = self.rng.randint(0, 2)
            if sizes[i] - move >= low and sizes[j] + move <= high:
                sizes[i] -= move
                sizes[j] += move
        return sizes

    # -- organization ----------------------------------------------------------

    def plan_org(self) -> None:
        rng = self.rng
        n = self.n
        self.org = rng.choice(P.ORGANIZATIONS)
        self.add_unit(id="group", name=self.org, kind="集团", parent=None, family="mgmt",
                      scope="hq", place="", order=0)
        center = self.add_unit(id="mkt-center", name="营销中心", kind="中心", parent="group",
                               family="mgmt", scope="hq", place="", order=1)
        gm = self.add_pos(id="mkt-center-gm", name="营销中心总经理", title="营销中心总经理",
                          unit=center.id, reports_to=None, family="mgmt", rank="top", scope="hq",
                          place="", headcount=1, order=0, grade="M5", boss_title="集团总裁")
        center.head = gm.id
        self.scopes["hq"] = Scope(id="hq", name="营销中心", unit=center.id, gm=gm.id)
        used = 1
        vps = []
        if n >= 40:
            for i in range(min(3, 1 + n // 3000)):
                vp = self.add_pos(
                    id=f"mkt-center-vp-{i + 1}", name="营销中心副总经理", title="营销中心副总经理",
                    unit=center.id, reports_to=gm.id, family="mgmt", rank="top", scope="hq", place="",
                    headcount=1, order=1 + i, grade="M4", boss_title="营销中心总经理")
                vps.append(vp.id)
                used += 1
        if n >= 30:
            self.add_pos(id="mkt-center-assistant", name="营销中心总经理助理", title="总经理助理",
                         unit=center.id, reports_to=gm.id, family="mgmt", rank="staff", scope="hq",
                         place="", headcount=1, order=5, grade="M2", boss_title="营销中心总经理")
            used += 1
        rest = n - used
        hq_budget = round(min(0.3 * rest, 18 + 0.07 * rest))
        hq_budget = max(min(rest, 18), hq_budget)
        hq_capacity = len(P.HQ_DEPTS) * (2 + 6 * 15)
        hq_budget = min(hq_budget, hq_capacity, rest)
        self.plan_hq(hq_budget, vps or [gm.id])
        self.plan_branches(rest - hq_budget, gm.id)

    def plan_hq(self, budget: int, bosses: list[str]) -> None:
        count = _clamp(budget // 9, 1, len(P.HQ_DEPTS))
        sizes = self.split(budget, count, low=8)
        hq = self.scopes["hq"]
        for i, (key, name, family, sections) in enumerate(P.HQ_DEPTS[: len(sizes)]):
            size = sizes[i]
            boss = bosses[i % len(bosses)]
            boss_title = self.names[boss]
            unit = self.add_unit(id=f"hq-{key}", name=name, kind="部门", parent="mkt-center",
                                 family=family, scope="hq", place="", order=i + 1)
            hq.depts.append(name)
            fam = hq.families.setdefault(family, {"unit": unit.id, "head": None, "staff": []})
            own = fam["unit"] == unit.id
            if size <= 15:
                head, staff = self.fill_leaf(unit, size, "部长", "director", "M3", boss, boss_title,
                                             name, deputy_title=("副部长", "deputy-director"))
            else:
                head = self.add_pos(id=f"{unit.id}-director", name=f"{name}部长", title=f"{name}部长",
                                    unit=unit.id, reports_to=boss, family=family, rank="head",
                                    scope="hq", place="", headcount=1, order=0, grade="M3",
                                    boss_title=boss_title)
                unit.head = head.id
                top = 1
                lead = head
                if size >= 30:
                    lead = self.add_pos(id=f"{unit.id}-deputy-director", name=f"{name}副部长",
                                        title=f"{name}副部长", unit=unit.id, reports_to=head.id,
                                        family=family, rank="deputy", scope="hq", place="",
                                        headcount=1, order=1, grade="M2", boss_title=head.name)
                    top = 2
                left = size - top
                m = _clamp(math.ceil(left / 13), 1, len(sections))
                ssizes = self.split(left, m, low=8, high=15)
                staff = []
                for j, (skey, sname) in enumerate(sections[: len(ssizes)]):
                    sec = self.add_unit(id=f"{unit.id}-{skey}", name=sname, kind="科室", parent=unit.id,
                                        family=family, scope="hq", place="", order=j + 1)
                    boss_pos = lead if (j % 2 and lead is not head) else head
                    _, sstaff = self.fill_leaf(sec, ssizes[j], "科长", "chief", "M1", boss_pos.id,
                                               boss_pos.title, f"{name}{sname}")
                    staff.extend(sstaff)
            if own:
                fam["head"] = head.id
                fam["staff"] = [p.id for p in staff]

    def fill_leaf(self, unit: UnitPlan, size: int, head_title: str, head_key: str, head_grade: str,
                  boss: str, boss_title: str, prefix: str, deputy_title=None):
        """Create `size` positions in a leaf unit: a head, maybe a deputy and supervisors, then staff."""
        rng = self.rng
        family = unit.family
        head = self.add_pos(id=f"{unit.id}-{head_key}", name=f"{prefix}{head_title}", title=head_title,
                            unit=unit.id, reports_to=boss, family=family, rank="head", scope=unit.scope,
                            place=unit.place, headcount=1, order=0, grade=head_grade, boss_title=boss_title)
        unit.head = head.id
        left = size - 1
        order = 1
        lead = head
        if left >= 11 and deputy_title is not None:
            dname, dkey = deputy_title
            lead = self.add_pos(id=f"{unit.id}-{dkey}", name=f"{prefix}{dname}", title=dname, unit=unit.id,
                                reports_to=head.id, family=family, rank="deputy", scope=unit.scope,
                                place=unit.place, headcount=1, order=order, grade="M1",
                                boss_title=head_title)
            left -= 1
            order += 1
        titles = P.TITLES[family]
        sups = [t for t in titles if t[4]]
        others = [t for t in titles if not t[4]]
        n_sup = 0 if left < 5 else (1 if left < 10 else 2)
        chosen_sups = rng.sample(sups, min(n_sup, len(sups)))
        sup_pos = []
        for title, key, lo, hi, _ in chosen_sups:
            sup = self.add_pos(id=f"{unit.id}-{key}", name=f"{prefix}{title}", title=title, unit=unit.id,
                               reports_to=lead.id, family=family, rank="sup", scope=unit.scope,
                               place=unit.place, headcount=1, order=order, grade="P4",
                               boss_title=lead.title)
            sup_pos.append(sup)
            order += 1
            left -= 1
        picks = rng.sample(others, min(left, len(others)))
        round_no = 2
        while len(picks) < left:  # more positions than titles: a second group of the same titles
            extra = rng.sample(others, min(left - len(picks), len(others)))
            picks.extend((f"{t[0]}（{P.ORDINALS[round_no - 1][-1]}组）", f"{t[1]}-{round_no}", t[2], t[3], t[4])
                         for t in extra)
            round_no += 1
        staff = list(sup_pos)
        for title, key, lo, hi, _ in picks:
            boss_pos = rng.choice(sup_pos) if sup_pos else lead
            pos = self.add_pos(id=f"{unit.id}-{key}", name=f"{prefix}{title}", title=title, unit=unit.id,
                               reports_to=boss_pos.id, family=family, rank="staff", scope=unit.scope,
                               place=unit.place, headcount=rng.randint(lo, hi), order=order,
                               grade=rng.choice(("P1", "P2", "P2", "P3")), boss_title=boss_pos.title)
            staff.append(pos)
            order += 1
        return head, staff

    def city_sequence(self):
        """Cities interleaved across regions, most important first: (region index, city, pinyin)."""
        seq = []
        longest = max(len(r[2]) for r in P.REGIONS)
        for i in range(longest):
            for ri, (_, _, cities) in enumerate(P.REGIONS):
                if i < len(cities):
                    seq.append((ri, cities[i][0], cities[i][1]))
        return seq

    def plan_branches(self, budget: int, gm: str) -> None:
        if budget <= 0:
            return
        rng = self.rng
        use_regions = self.use_regions = budget >= 700
        region_units: dict[int, UnitPlan] = {}
        region_heads: dict[int, PosPlan] = {}
        if use_regions:
            budget -= 2 * len(P.REGIONS)
            for ri, (rkey, rname, _) in enumerate(P.REGIONS):
                unit = self.add_unit(id=f"region-{rkey}", name=f"{rname}大区", kind="区域", parent="mkt-center",
                                     family="mgmt", scope="hq", place=rname, order=100 + ri)
                director = self.add_pos(id=f"{unit.id}-director", name=f"{rname}大区总监", title="大区总监",
                                        unit=unit.id, reports_to=gm, family="mgmt", rank="top", scope="hq",
                                        place=rname, headcount=1, order=0, grade="M4",
                                        boss_title="营销中心总经理")
                unit.head = director.id
                self.add_pos(id=f"{unit.id}-inspector", name=f"{rname}大区市场督导", title="大区市场督导",
                             unit=unit.id, reports_to=director.id, family="salesmgmt", rank="staff",
                             scope="hq", place=rname, headcount=rng.randint(1, 3), order=1, grade="P3",
                             boss_title="大区总监")
                region_units[ri] = unit
                region_heads[ri] = director
        sizes = []
        while budget > 0:
            # the first cities of each region (上海、广州、北京…) get the larger branches
            size = rng.randint(25, 70) + (30 if len(sizes) < 7 else 15 if len(sizes) < 21 else 0)
            if budget - size < 25:
                size = budget
            sizes.append(size)
            budget -= size
        seq = self.city_sequence()
        for k, size in enumerate(sizes):
            ri, city, pinyin = seq[k % len(seq)]
            ordinal = k // len(seq)
            bid = pinyin if ordinal == 0 else f"{pinyin}-{ordinal + 1}"
            name = f"{city}{P.ORDINALS[ordinal] if ordinal < len(P.ORDINALS) else f'第{ordinal + 1}'}分公司"
            parent = region_units[ri].id if use_regions else "mkt-center"
            boss = region_heads[ri] if use_regions else None
            self.plan_branch(bid, name, city, P.REGIONS[ri][:2], parent, boss.id if boss else gm,
                             boss.title if boss else "营销中心总经理", size, 200 + k)

    def plan_branch(self, bid, name, city, region, parent, boss, boss_title, size, order) -> None:
        rng = self.rng
        unit = self.add_unit(id=bid, name=name, kind="分公司", parent=parent, family="mgmt", scope=bid,
                             place=city, order=order)
        self.branch_ids.append(bid)
        self.region_of[bid] = region
        gm = self.add_pos(id=f"{bid}-gm", name=f"{name}总经理", title="分公司总经理", unit=bid,
                          reports_to=boss, family="mgmt", rank="top", scope=bid, place=city, headcount=1,
                          order=0, grade="M3", boss_title=boss_title)
        unit.head = gm.id
        scope = Scope(id=bid, name=name, unit=bid, gm=gm.id)
        self.scopes[bid] = scope
        top = 1
        deputy = None
        if size >= 55:
            deputy = self.add_pos(id=f"{bid}-deputy-gm", name=f"{name}副总经理", title="分公司副总经理",
                                  unit=bid, reports_to=gm.id, family="mgmt", rank="top", scope=bid,
                                  place=city, headcount=1, order=1, grade="M3", boss_title="分公司总经理")
            top = 2
        left = size - top
        if left <= 0:
            return
        nd = _clamp(round(left / 11), 1, len(P.BRANCH_DEPTS))
        nd = min(nd, left)
        core = P.BRANCH_DEPTS[:4]
        extra = P.BRANCH_DEPTS[4:]
        if nd <= 4:
            chosen = [core[0]] + sorted(rng.sample(core[1:], nd - 1), key=core.index)
        else:
            chosen = core + sorted(rng.sample(extra, nd - 4), key=extra.index)
        dsizes = self.split(left, len(chosen), low=8, high=15)
        for j, (dkey, dname, family) in enumerate(chosen):
            dept = self.add_unit(id=f"{bid}-{dkey}", name=f"{name}{dname}", kind="部门", parent=bid,
                                 family=family, scope=bid, place=city, order=j + 1)
            scope.depts.append(dname)
            boss_pos = deputy if (deputy is not None and j % 2 == 1) else gm
            head, staff = self.fill_leaf(dept, dsizes[j], "经理", "manager", "M2", boss_pos.id,
                                         boss_pos.title, f"{name}{dname}", deputy_title=("副经理", "deputy"))
            if family not in scope.families:
                scope.families[family] = {"unit": dept.id, "head": head.id,
                                           "staff": [p.id for p in staff]}
        # a branch's own description mentions its region
        unit.note = region[1]

    # -- KPI library and course catalog -------------------------------------

    def kpi_plan(self, pos: PosPlan) -> list[tuple[str, int]]:
        rng = self.rng
        fam = pos.family
        if pos.rank == "top":
            plan = [("mgmt", rng.randint(3, 5))]
            if rng.random() < 0.5:
                plan.append(("common", 1))
        elif pos.rank in ("head", "deputy"):
            plan = [("mgmt", rng.randint(1, 2)), (fam, rng.randint(2, 3))]
            if rng.random() < 0.5:
                plan.append(("common", 1))
        else:
            plan = [(fam, rng.randint(2, 5)), ("common", 1)]
        merged: dict[str, int] = {}
        for pool, count in plan:
            merged[pool] = merged.get(pool, 0) + count
        return list(merged.items())

    def course_plan(self, pos: PosPlan) -> list[tuple[str, int, list[tuple[str, str]]]]:
        """Pools with the (kind, stage) of each pick."""
        rng = self.rng
        fam = pos.family
        c = rng.choice
        if pos.rank == "top":
            return [("leadership", 0, [("必修", "在岗")] + [(c(("必修", "选修")), "在岗")] * rng.randint(0, 1)),
                    ("mgmtskill", 0, [("必修", "在岗")] * rng.randint(1, 2)),
                    ("mgmt", 0, [("必修", "在岗")] + [("选修", "在岗")] * rng.randint(0, 1))]
        if pos.rank in ("head", "deputy"):
            plan = [("leadership", 0, [("必修", "晋升")] + [("选修", "在岗")] * rng.randint(0, 1)),
                    ("mgmtskill", 0, [("必修", "在岗")]),
                    (fam, 0, [("必修", "在岗")] + [("选修", "在岗")] * rng.randint(0, 1))]
            if rng.random() < 0.4:
                plan.append(("quality", 0, [("选修", "在岗")]))
            return plan
        plan = [("quality", 0, [("必修", "入职")] + [("选修", "在岗")] * rng.randint(0, 1)),
                (fam, 0, [("必修", "入职"), (c(("必修", "选修")), "在岗")]
                 + [(c(("必修", "选修")), "在岗")] * rng.randint(0, 2))]
        if pos.rank == "sup":
            plan.append(("leadership", 0, [("必修", "晋升")]))
        elif rng.random() < 0.3:
            plan.append(("mgmtskill", 0, [("选修", "晋升")]))
        return plan

    def size_pools(self, plans, target: int, floor, capacity: dict[str, int]) -> dict[str, int]:
        """Pool sizes proportional to demand, at least `floor(pool)`, at most the demand and the capacity."""
        demand: dict[str, int] = {}
        for plan in plans:
            for pool, count in plan:
                demand[pool] = demand.get(pool, 0) + count
        total = sum(demand.values())
        sizes = {}
        for pool in sorted(demand):
            share = target * demand[pool] / total
            share = int(share) if floor(pool) == 0 else round(share)
            sizes[pool] = min(max(share, floor(pool)), demand[pool], capacity[pool])
        # Picks are capped at the pool size; shrink a pool that then gets too little demand.
        actual = dict.fromkeys(sizes, 0)
        for plan in plans:
            for pool, count in plan:
                actual[pool] += min(count, sizes[pool])
        for pool in sizes:
            sizes[pool] = min(sizes[pool], actual[pool])
        return sizes

    def region_of_pos(self, pos: PosPlan) -> Optional[str]:
        """Region key of a position in a 大区 or one of its branches (only when the org has 大区)."""
        if not self.use_regions:
            return None
        if pos.scope != "hq":
            return self.region_of[pos.scope][0]
        if pos.unit.startswith("region-"):
            return pos.unit[len("region-"):]
        return None

    def take(self, ids: list[str], cursor: dict, key: str, count: int, seen: set, taken: list) -> None:
        """Append `count` ids of pool `key` to `taken`, round-robin from the pool's cursor.

        An id whose template is already in `seen` is swapped with a later one of another
        template. During the first pass over the pool only not-yet-visited slots are used for
        swapping, so the first pass still visits every id (coverage); afterwards any slot outside
        the current window will do.
        """
        size = len(ids)
        start = cursor[key]
        window = []
        for i in range(count):
            a = start + i
            j = a % size
            if self.kpi_base[ids[j]] in seen:
                for m in range(1, size):
                    if a < size and a + m >= size:
                        break
                    jj = (j + m) % size
                    if jj not in window and self.kpi_base[ids[jj]] not in seen:
                        ids[j], ids[jj] = ids[jj], ids[j]
                        break
            window.append(j)
            seen.add(self.kpi_base[ids[j]])
            taken.append(ids[j])
        cursor[key] = start + count

    def plan_libraries(self) -> tuple[list, list]:
        rng = self.rng
        region_names = {key: name for key, name, _ in P.REGIONS}
        # KPI demand: managers and staff of a 大区 take one pick from their region's variants.
        kplans = []
        for pos in self.positions:
            region = self.region_of_pos(pos)
            plan = []
            for pool, count in self.kpi_plan(pos):
                if region and pool != "common" and count >= 2:
                    plan += [(pool, count - 1), (f"{pool}@{region}", 1)]
                else:
                    plan.append((pool, count))
            kplans.append(plan)
        kcap = {}
        for pool, t in P.KPI_TEMPLATES.items():
            kcap[pool] = len(t) * (1 + len(P.KPI_QUALIFIERS[pool]))
            for region in region_names:
                kcap[f"{pool}@{region}"] = len(t)
        ktarget = max(25, self.n // 20)
        floor = lambda key: 0 if "@" in key else 3  # noqa: E731
        ksizes = self.size_pools(kplans, ktarget, floor, kcap)
        if any(size == 0 for size in ksizes.values()):
            # Too little demand for some regional variants: those picks go to the shared pool.
            merged_plans = []
            for plan in kplans:
                merged: dict[str, int] = {}
                for key, count in plan:
                    key = key if ksizes[key] else key.partition("@")[0]
                    merged[key] = merged.get(key, 0) + count
                merged_plans.append(list(merged.items()))
            kplans = merged_plans
            ksizes = self.size_pools(kplans, ktarget, floor, kcap)
        kpis = []
        for key in sorted(ksizes):
            pool, _, region = key.partition("@")
            templates = P.KPI_TEMPLATES[pool]
            if region:
                chosen = sorted(rng.sample(range(len(templates)), ksizes[key]))
                items = [(templates[i], region, f"{region_names[region]}大区") for i in chosen]
            else:
                items = self.library_items(templates, P.KPI_QUALIFIERS[pool], ksizes[key])
            ids = []
            for tmpl, qi, qual in items:
                if qual is None:
                    kid = f"kpi-{pool}-{tmpl[0]}"
                elif region:
                    kid = f"kpi-{pool}-{tmpl[0]}-{region}"
                else:
                    kid = f"kpi-{pool}-{tmpl[0]}-{qi + 1}"
                self.claim(kid)
                self.kpi_base[kid] = f"{pool}-{tmpl[0]}"
                ids.append(kid)
                kpis.append((pool, kid, tmpl, qual, region or None))
            rng.shuffle(ids)
            self.kpi_pools[key] = ids
        cursor = dict.fromkeys(ksizes, 0)
        for pos, plan in zip(self.positions, kplans):
            seen: set[str] = set()
            for key, count in plan:
                ids = self.kpi_pools[key]
                self.take(ids, cursor, key, min(count, len(ids)), seen, pos.kpis)
        # Courses
        cplans = [self.course_plan(p) for p in self.positions]
        ccap = {pool: len(t) * (1 + len(P.COURSE_LEVELS)) for pool, t in P.COURSES.items()}
        csizes = self.size_pools([[(pool, len(picks)) for pool, _, picks in plan] for plan in cplans],
                                 max(15, self.n // 50), lambda key: 3 if key == "quality" else 1, ccap)
        # Small pools cap the picks; top a plan up to three courses from the 素质类 pool.
        for plan in cplans:
            total = sum(min(len(picks), csizes[pool]) for pool, _, picks in plan)
            if total < 3:
                extra = [("选修", "在岗")] * (3 - total)
                for i, (pool, flag, picks) in enumerate(plan):
                    if pool == "quality":
                        plan[i] = (pool, flag, picks + extra)
                        break
                else:
                    plan.append(("quality", 0, extra))
        courses = []
        for pool in sorted(csizes):
            items = self.library_items(P.COURSES[pool], P.COURSE_LEVELS, csizes[pool])
            ids = []
            for tmpl, li, level in items:
                cid = f"course-{pool}-{tmpl[0]}" if level is None else f"course-{pool}-{tmpl[0]}-{li + 1}"
                self.claim(cid)
                ids.append(cid)
                courses.append((pool, cid, tmpl, level))
            rng.shuffle(ids)
            self.course_pools[pool] = ids
        ccursor = {pool: 0 for pool in csizes}
        for pos, plan in zip(self.positions, cplans):
            for pool, _, picks in plan:
                ids = self.course_pools[pool]
                picks = picks[: len(ids)]
                start = ccursor[pool]
                for i, (kind, stage) in enumerate(picks):
                    pos.courses.append((ids[(start + i) % len(ids)], kind, stage))
                ccursor[pool] = (start + len(picks)) % len(ids)
        return kpis, courses

    def library_items(self, templates, qualifiers, size):
        """Pick `size` (template, qualifier index, qualifier) items: base templates first, then variants."""
        rng = self.rng
        if size <= len(templates):
            chosen = sorted(rng.sample(range(len(templates)), size))
            return [(templates[i], -1, None) for i in chosen]
        items = [(t, -1, None) for t in templates]
        variants = [(t, qi, q) for qi, q in enumerate(qualifiers) for t in templates]
        # Prefer a spread over qualifiers: take a random subset, keep a stable order.
        picked = sorted(rng.sample(range(len(variants)), size - len(templates)))
        items.extend(variants[i] for i in picked)
        return items

    # -- texts -----------------------------------------------------------------

    def scope_words(self, pos: PosPlan) -> list[str]:
        if pos.scope == "hq":
            if pos.place:  # a region
                return [f"{pos.place}大区", f"{pos.place}各分公司的", f"{pos.place}地区", "辖区内", ""]
            return ["各分公司", "各分公司的", "全国市场的", "各区域", "", ""]
        city = pos.place
        return [f"{city}地区的", f"{city}", f"{city}及周边", f"{city}地区", "辖区内", ""]

    def tail(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.75:
            return rng.choice(P.TAILS)
        if r < 0.85:
            return f"，确保在{rng.randint(1, 5)}个工作日内完成"
        if r < 0.93:
            return f"，于每月{rng.randint(1, 10)}日前汇总上报"
        return f"，{rng.choice(P.FREQS)}形成书面记录"

    def sentence(self, pos: PosPlan, verb: str, obj: str, manager: bool) -> str:
        rng = self.rng
        scope = rng.choice(self.scope_words(pos))
        if obj[0] in "与在各" or obj.startswith(("区域", "辖区")):
            scope = ""
        elif scope.endswith(("市场", "地区")) and obj.startswith(("市场", "地区")):
            scope += "的"
        tail = self.tail()
        r = rng.random()
        if r < 0.5:
            lead = rng.choice(P.LEADS_HEAD if manager else P.LEADS_STAFF)
            return f"{lead}{verb}{scope}{obj}{tail}"
        if r < 0.7:
            return f"根据{rng.choice(P.BASES)}，{verb}{scope}{obj}{tail}"
        if r < 0.88:
            return f"{rng.choice(P.FREQS)}{verb}{scope}{obj}，并向{pos.boss_title}汇报"
        goal = rng.choice(P.GOALS[pos.family])
        lead = rng.choice(P.LEADS_HEAD if manager else P.LEADS_STAFF)
        return f"{lead}{verb}{scope}{obj}，{goal}"

    def position_record(self, pos: PosPlan) -> dict:
        rng = self.rng
        fam = pos.family
        manager = pos.rank in ("top", "head", "deputy")
        # duties
        actions = list(P.ACTIONS[fam])
        if manager and fam != "mgmt":
            actions = rng.sample(P.ACTIONS["mgmt"], 4) + actions
        n_duties = rng.randint(5, 12)
        picked = rng.sample(actions, min(n_duties, len(actions)))
        duties = [self.sentence(pos, verb, obj, manager) for verb, obj in picked]
        if rng.random() < 0.3 and pos.reports_to:
            duties[-1] = f"完成{pos.boss_title}交办的其他{rng.choice(('工作', '临时性工作', '专项任务'))}"
        duties = list(dict.fromkeys(duties))
        # purpose
        verb, obj = rng.choice(P.ACTIONS[fam])
        goal = rng.choice(P.GOALS[fam])
        unit_name = self.names[pos.unit]
        if pos.rank == "top":
            purpose = f"全面负责{unit_name}的经营管理工作，{goal}。"
        else:
            purpose = f"在{pos.boss_title}的领导下，{verb}{obj}，{goal}。"
        # authorities
        objs = P.AUTH_OBJECTS[fam]
        rights = P.RIGHTS_HEAD if manager else P.RIGHTS_STAFF
        n_auth = rng.randint(3, 6)
        auths = []
        for obj in rng.sample(objs, min(len(objs), n_auth - 1)):
            form = rng.choice(("有{o}的{r}", "对{o}的{r}", "{o}的{r}"))
            auths.append(form.format(o=obj, r=rng.choice(rights)))
        common = P.AUTH_COMMON_HEAD if manager else P.AUTH_COMMON_STAFF
        auths.extend(rng.sample(common, n_auth - len(auths)))
        auths = list(dict.fromkeys(auths))
        # accountabilities
        n_acc = rng.randint(3, 6)
        accs = []
        acc_objs = P.ACC_OBJECTS[fam] + (P.ACC_OBJECTS["mgmt"] if manager and fam != "mgmt" else [])
        for obj in rng.sample(acc_objs, min(len(acc_objs), n_acc)):
            if rng.random() < 0.7:
                accs.append(f"对{obj}负责")
            else:
                accs.append(f"因{rng.choice(P.FAULTS[fam])}造成{rng.choice(P.LOSSES)}的，承担{rng.choice(P.DEGREES)}")
        accs = list(dict.fromkeys(accs))
        # qualifications
        years = rng.randint(3, 8) if manager else rng.randint(1, 3)
        exp = f"{years}年以上{rng.choice(P.INDUSTRIES)}{P.FIELDS[fam]}工作经验"
        if manager:
            exp += f"，其中{rng.randint(1, max(1, years - 1))}年以上团队管理经验"
        skills = rng.sample(P.SKILLS["common"], 2) + rng.sample(P.SKILLS[fam] if fam in P.SKILLS else P.SKILLS["head"], 1)
        if manager:
            skills += rng.sample(P.SKILLS["head"], 2)
        quals = {
            "education": rng.choice(P.EDUCATION_HEAD if manager else P.EDUCATION_STAFF),
            "major": rng.choice(P.MAJORS[fam]),
            "experience": exp,
            "knowledge": rng.sample(P.KNOWLEDGE[fam], rng.randint(2, 4)),
            "skills": list(dict.fromkeys(skills)),
            "competencies": rng.sample(P.COMPETENCIES, rng.randint(3, 4)),
        }
        other = rng.sample(P.OTHER_REQS, rng.randint(0, 2))
        if other:
            quals["other"] = other
        # KPIs with integer weights (multiples of 5, at least 10) summing to 100
        k = len(pos.kpis)
        weights = [10] * k
        for _ in range((100 - 10 * k) // 5):
            weights[rng.randrange(k)] += 5
        weights.sort(reverse=True)
        kpis = []
        for kid, weight in zip(pos.kpis, weights):
            entry = {"kpi": kid, "weight": weight}
            if rng.random() < 0.2:
                entry["target"] = self.kpi_target(kid, rng.choice((0.9, 0.95, 1.05, 1.1)))
            kpis.append(entry)
        record = {
            "id": pos.id,
            "name": pos.name,
            "unit": pos.unit,
        }
        if pos.reports_to:
            record["reports_to"] = pos.reports_to
        record.update({
            "headcount": pos.headcount,
            "grade": pos.grade,
            "purpose": purpose,
            "duties": duties,
            "authorities": auths,
            "accountabilities": accs,
            "qualifications": quals,
            "kpis": kpis,
            "training": [{"course": c, "kind": kind, "stage": stage} for c, kind, stage in pos.courses],
            "order": pos.order,
        })
        return record

    def kpi_target(self, kid: str, factor: float = 1.0) -> str:
        direction, unit, value = self.kpi_info[kid]
        return _target_text(direction, unit, value * factor)

    # -- records -----------------------------------------------------------------

    def kpi_record(self, pool, kid, tmpl, qual, region=None) -> dict:
        rng = self.rng
        key, name, definition, formula, unit, direction, target, freq, source = tmpl
        if qual is not None:
            target = target * rng.choice((0.95, 1.0, 1.0, 1.05)) if target else target
            if unit == "%" and direction == "越高越好":
                target = min(100, target)
            target = round(target) if target >= 10 else round(target, 1)
        self.kpi_info[kid] = (direction, unit, target)
        record = {
            "id": kid,
            "name": name if qual is None else f"{name}（{qual}）",
            "category": "通用" if pool == "common" else P.FAMILY_LABELS[pool],
            "definition": definition if qual is None else f"{qual}范围内，{definition}",
            "formula": formula,
        }
        if unit:
            record["unit"] = unit
        record["direction"] = direction
        record["target"] = self.kpi_target(kid)
        if target:
            if direction == "越高越好":
                excellent = target + (100 - target) / 2 if unit == "%" and target < 100 else target * 1.1
                if unit == "%" and target >= 100:
                    excellent = target * 1.05
                record["thresholds"] = {"excellent": _target_text(direction, unit, excellent, cap=False),
                                        "passing": _target_text(direction, unit, target * 0.9)}
            else:
                record["thresholds"] = {"excellent": _target_text(direction, unit, target * 0.8),
                                        "passing": _target_text(direction, unit, target * 1.2)}
        record["frequency"] = freq
        record["source"] = source
        record["evaluator"] = f"region-{region}-director" if region else self.evaluator(pool)
        return record

    def evaluator(self, pool: str) -> str:
        hq = self.scopes["hq"].families
        if pool == "common":
            return hq["admin"]["unit"] if "admin" in hq else "mkt-center"
        if pool in hq:
            return hq[pool]["unit"]
        return "mkt-center"

    def course_record(self, pool, cid, tmpl, level) -> dict:
        rng = self.rng
        key, title, objectives, outline = tmpl
        objectives = list(objectives)
        outline = list(outline)
        if level is not None:
            objectives.append(rng.choice((
                f"通过{level}内容的学习，能够解决工作中的实际问题",
                f"结合{level}案例，提升独立开展工作的能力",
                f"完成{level}阶段的考核并获得结业证书",
            )))
            outline.append(rng.choice(("案例研讨", "情景演练", "课后实践作业", "小组汇报与点评", "结业考核")))
        return {
            "id": cid,
            "name": title if level is None else f"{title}（{level}）",
            "category": P.COURSE_POOL_CATEGORY[pool],
            "hours": rng.choice(P.COURSE_HOURS),
            "format": rng.choice(P.COURSE_FORMATS),
            "objectives": objectives,
            "outline": outline,
        }

    def unit_record(self, unit: UnitPlan) -> dict:
        rng = self.rng
        record = {"id": unit.id, "name": unit.name, "kind": unit.kind}
        if unit.parent:
            record["parent"] = unit.parent
        if unit.head:
            record["head"] = unit.head
        funcs = P.FUNCTIONS[unit.family]
        record["functions"] = rng.sample(funcs, rng.randint(min(4, len(funcs)), min(7, len(funcs))))
        goal = rng.choice(P.GOALS[unit.family])
        if unit.kind == "集团":
            desc = f"{unit.name}下设营销中心，统一负责集团产品的国内市场营销。"
        elif unit.kind == "中心":
            desc = f"营销中心按利润中心运作，下设销售管理、品牌管理、团装服务、客户服务、物流和营销财务等职能部门，{goal}。"
        elif unit.kind == "区域":
            desc = f"{unit.name}负责{unit.place}地区各分公司的管理、协调和督导，{goal}。"
        elif unit.kind == "分公司":
            scope = self.scopes[unit.id]
            depts = "、".join(scope.depts) if scope.depts else "综合岗位"
            parent = f"隶属{unit.note}大区" if self.use_regions else "直属营销中心"
            desc = f"{unit.name}{parent}，直接面对{unit.place}及周边市场，下设{depts}，{goal}。"
        elif unit.kind == "科室":
            desc = f"{unit.name}是{self.names[unit.parent]}下设的科室，{goal}。"
        elif unit.scope == "hq":
            desc = f"{unit.name}是营销中心的职能部门，对各分公司提供支持、保障和监控，{goal}。"
        else:
            desc = f"{unit.name}在分公司总经理领导下开展工作，{goal}。"
        record["description"] = desc
        record["order"] = unit.order
        return record

    # -- processes -----------------------------------------------------------------

    def resolve(self, slot: str, scope: Scope) -> str:
        hq = self.scopes["hq"]
        if slot == "gm":
            return scope.gm
        if slot.startswith("hq:"):
            fam = slot[3:]
            return hq.families[fam]["unit"] if fam in hq.families else hq.unit
        fam, _, part = slot.partition(".")
        info = scope.families.get(fam)
        if info is None:
            if scope is not hq and fam in hq.families:
                return hq.families[fam]["unit"]
            return scope.gm if scope is not hq or part == "head" else hq.unit
        if part == "head":
            return info["head"]
        staff = info["staff"]
        return self.rng.choice(staff) if staff else info["head"]

    def plan_processes(self) -> list[tuple[dict, Scope]]:
        target = max(15, self.n // 40)
        hq = self.scopes["hq"]
        # Headquarters runs the processes of the departments it has.
        result = [(t, hq) for t in P.PROCESSES
                  if t["scope"] in ("hq", "both") and t["family"] in hq.families][:target]
        branch_tmpls = [t for t in P.PROCESSES if t["scope"] in ("branch", "both")]
        rounds = 0
        # A branch runs the processes of the departments it has; finance, logistics and
        # information processes are always possible because headquarters serves them.
        eligible = {}
        for bid in self.branch_ids:
            fams = self.scopes[bid].families
            eligible[bid] = [t for t in branch_tmpls if t["family"] in fams or t["family"] in HQ_SERVED]
        while len(result) < target and self.branch_ids and rounds < len(branch_tmpls):
            for bi, bid in enumerate(self.branch_ids):
                if len(result) >= target:
                    break
                if rounds < len(eligible[bid]):
                    result.append((eligible[bid][(bi + rounds) % len(eligible[bid])], self.scopes[bid]))
            rounds += 1
        if len(result) < target:  # a very small organization: headquarters runs the rest itself
            result += [(t, hq) for t in P.PROCESSES if t["scope"] in ("hq", "both")
                       and t["family"] not in hq.families][: target - len(result)]
        for tmpl, scope in result:
            pid = self.claim(f"{scope.id}-{tmpl['key']}")
            self.process_ids.setdefault(tmpl["key"], []).append(pid)
        return result

    def process_record(self, tmpl: dict, scope: Scope) -> dict:
        rng = self.rng
        pid = f"{scope.id}-{tmpl['key']}"
        steps_t = tmpl["steps"]
        keep = [s for s in steps_t if not s["optional"] or rng.random() < 0.65]
        while len(keep) < 5:  # put optional steps back in template order
            missing = [s for s in steps_t if s not in keep]
            keep.append(missing[0])
            keep.sort(key=steps_t.index)
        with_phases = bool(tmpl["phases"]) and rng.random() < 0.6
        steps = []
        for s in keep:
            step = {"id": s["key"], "name": s["name"]}
            role = self.resolve(s["role"], scope)
            step["role"] = role
            if s["decision"]:
                step["action"] = s["action"] or rng.choice(("根据前序步骤的结果作出判断", "对照标准进行判断并记录意见",
                                                          "结合相关资料作出决定"))
            else:
                step["action"] = s["action"] or rng.choice((
                    f"{s['name']}，并在系统中登记", f"在{rng.randint(1, 5)}个工作日内完成{s['name']}",
                    f"{s['name']}，结果抄送相关部门", f"按公司制度要求完成{s['name']}",
                    f"{s['name']}，相关资料存档备查"))
            if s["approval"]:
                step["approval"] = s["approval"]
            parts = []
            for slot, kind in s["parts"]:
                prole = self.resolve(slot, scope)
                if prole != role and all(p["role"] != prole for p in parts):
                    parts.append({"role": prole, "kind": kind})
            if parts:
                step["participants"] = parts
            if with_phases:
                step["phase"] = f"ph-{s['phase']}"
            if s["decision"]:
                step["decision"] = True
            for key in ("inputs", "outputs", "forms"):
                if s[key]:
                    step[key] = list(s[key])
            if s["next"]:
                step["next"] = list(s["next"])
            if s["decision"]:
                step["branches"] = [{"to": to, "label": label} for label, to in s["decision"]]
            steps.append(step)
        record = {
            "id": pid,
            "name": f"{scope.name}{tmpl['name']}",
            "category": tmpl["category"],
            "owner": self.owner(tmpl["family"], scope),
            "purpose": tmpl["purpose"] + "。",
            "scope": "适用于营销中心各职能部门及各分公司" if scope.id == "hq" else f"适用于{scope.name}各部门",
            "trigger": tmpl["trigger"],
        }
        if with_phases:
            record["phases"] = [{"id": f"ph-{k}", "name": name} for k, name in tmpl["phases"]]
        record["steps"] = steps
        record["key_points"] = rng.sample(tmpl["key_points"], rng.randint(2, len(tmpl["key_points"])))
        pool = self.kpi_pools.get(tmpl["family"]) or self.kpi_pools.get("common") or []
        if pool:
            by_base = {}
            for kid in pool:
                by_base.setdefault(self.kpi_base[kid], kid)
            bases = list(by_base.values())
            record["kpis"] = sorted(rng.sample(bases, min(len(bases), rng.randint(1, 3))))
        record["policies"] = sorted({PROCESS_POLICY.get(tmpl["family"], "policy-general"),
                                     rng.choice(("policy-general", "policy-performance", "policy-org"))})
        return record

    def owner(self, family: str, scope: Scope) -> str:
        if family in scope.families:
            return scope.families[family]["unit"]
        hq = self.scopes["hq"]
        if family in hq.families:
            return hq.families[family]["unit"]
        return scope.unit

    # -- chapters ------------------------------------------------------------------

    def chapters(self) -> list[tuple[str, str]]:
        hq = self.scopes["hq"]

        def ref(rid, text=None):
            if rid is None:
                return text or ""
            return f"[[{rid}|{text}]]" if text else f"[[{rid}]]"

        def proc(key):
            ids = self.process_ids.get(key)
            if not ids:
                return None
            return ref(ids[0], self.process_names[ids[0]])

        def kpi(pool, key=None):
            ids = self.kpi_pools.get(pool) or []
            if key:
                exact = f"kpi-{pool}-{key}"
                if exact in self.kpi_info:
                    return ref(exact)
            return ref(sorted(ids)[0]) if ids else None

        def course(pool):
            ids = self.course_pools.get(pool) or []
            return ref(sorted(ids)[0]) if ids else None

        def fam_unit(fam):
            info = hq.families.get(fam)
            return ref(info["unit"], self.names[info["unit"]]) if info else ref("mkt-center", "营销中心")

        first_branch = self.branch_ids[0] if self.branch_ids else None
        values = {
            "org": self.org,
            "center": "营销中心",
            "center_ref": ref("mkt-center", "营销中心组织架构"),
            "admin_ref": fam_unit("admin"),
            "salesmgmt_ref": fam_unit("salesmgmt"),
            "hq_count": str(len(hq.depts)),
            "branch_count": str(len(self.branch_ids)),
            "branch_ref": ref(first_branch, self.names[first_branch]) if first_branch else "各分公司",
            "budget_ref": proc("budget") or "营销计划及预算流程",
            "contract_ref": proc("contract-review") or "团装合同签订报备流程",
            "price_kpi_ref": kpi("sales", "price") or kpi("common") or "价格执行合规率",
            "collection_ref": proc("collection") or "货款回笼管理流程",
            "inspection_kpi_ref": kpi("salesmgmt", "inspection") or kpi("common", "compliance") or "督导检查计划完成率",
            "complaint_ref": proc("complaint") or "客户投诉处理流程",
            "sat_kpi_ref": kpi("service", "satisfaction") or kpi("common") or "客户满意度",
            "expense_ref": proc("expense") or "销售费用报销流程",
            "credit_ref": proc("credit") or "客户信用额度审批流程",
            "invoice_ref": proc("invoice") or "销售发票开具流程",
            "quality_course_ref": course("quality") or "企业文化与员工行为规范",
            "leader_course_ref": course("leadership") or "从业务骨干到管理者",
            "sales_kpi_ref": kpi("mgmt", "sales-target") or kpi("sales") or "销售目标达成率",
            "mgmt_kpi_ref": kpi("mgmt", "collection") or kpi("common") or "货款回笼率",
        }
        out = []
        for order, (cid, title, sections) in enumerate(P.CHAPTERS, start=1):
            lines = ["---", f"id: {cid}", f"title: {title}", f"order: {order}", "---", ""]
            for heading, text in sections:
                lines += [f"## {heading}", "", text.format(**values), ""]
            if cid == "policy-org" and self.branch_ids:
                lines += ["## 分公司一览", ""]
                for bid in self.branch_ids:
                    scope = self.scopes[bid]
                    depts = "、".join(scope.depts) or "综合岗位"
                    parent = f"隶属{self.region_of[bid][1]}大区" if self.use_regions else "直属营销中心"
                    lines.append(f"- {ref(bid, scope.name)}：{parent}，下设{depts}。")
                lines.append("")
            if cid in POLICY_PROCESS_SECTIONS:
                related = [pid for key in POLICY_PROCESS_SECTIONS[cid] for pid in self.process_ids.get(key, [])[:3]]
                if related:
                    lines += ["## 相关流程", ""]
                    lines += [f"- {ref(pid, self.process_names[pid])}" for pid in related]
                    lines.append("")
            out.append((cid, "\n".join(lines)))
        return out


HQ_SERVED = ("finance", "logistics", "info")

PROCESS_POLICY = {
    "service": "policy-service",
    "finance": "policy-finance",
    "salesmgmt": "policy-sales",
    "sales": "policy-sales",
    "market": "policy-supervision",
    "groupbuy": "policy-sales",
    "admin": "policy-training",
    "brand": "policy-org",
    "logistics": "policy-sales",
    "info": "policy-org",
}

POLICY_PROCESS_SECTIONS = {
    "policy-sales": ["budget", "dealer", "order", "price-adjust"],
    "policy-service": ["complaint", "returns", "vip"],
    "policy-finance": ["collection", "invoice", "expense", "credit"],
    "policy-supervision": ["supervision", "promotion", "research"],
    "policy-training": ["recruit"],
}


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def _prepare(out_dir: Path) -> None:
    data = out_dir / "data"
    content = out_dir / "content"
    marker = out_dir / MARKER
    occupied = any(d.exists() and any(d.iterdir()) for d in (data, content))
    if occupied and not marker.exists():
        raise FileExistsError(f"{out_dir} already holds data/ or content/ that the demo generator did not write")
    for d in (data, content):
        if d.exists():
            shutil.rmtree(d)
    for kind in KIND_DIRS:
        (data / kind).mkdir(parents=True, exist_ok=True)
    content.mkdir(parents=True, exist_ok=True)
    marker.write_text("Generated by `handbook demo`; rerunning the generator replaces data/ and content/.\n",
                      encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def generate(out_dir: Path, positions: int, seed: int = 1) -> dict:
    """Write a synthetic handbook tree with `positions` positions to out_dir/data and out_dir/content.

    Deterministic for a given (positions, seed). Returns the number of records per kind
    (units, positions, kpis, processes, courses, chapters).
    """
    out_dir = Path(out_dir)
    b = Builder(positions, seed)
    b.plan_org()
    kpis, courses = b.plan_libraries()
    processes = b.plan_processes()
    _prepare(out_dir)
    data = out_dir / "data"

    meta = {
        "title": f"{b.org}营销中心管理手册",
        "organization": b.org,
        "description": (f"演示数据：{len(b.units)}个组织单元、{len(b.positions)}个岗位、"
                        f"{len(kpis)}项考核指标、{len(processes)}个业务流程、{len(courses)}门培训课程。"),
        "releases": [],
    }
    year = b.rng.randint(2020, 2023)
    versions = ["1.0", "1.1", "2.0", "2.1"][: b.rng.randint(2, 4)]
    for i, version in enumerate(versions):
        meta["releases"].append({
            "version": version,
            "date": f"{year + i}-{b.rng.randint(1, 12):02d}-{b.rng.randint(1, 28):02d}",
            "approver": "营销中心总经理办公会" if i else f"{b.org}总裁办公会",
            "summary": P.RELEASE_SUMMARIES[i % len(P.RELEASE_SUMMARIES)],
        })
    _write(data / "handbook.yaml", dumps(meta))
    _write(data / "synonyms.yaml", dumps({"groups": P.SYNONYMS}))

    # KPIs first: positions' per-position targets need their base targets.
    for item in kpis:
        _write(data / "kpis" / f"{item[1]}.yaml", dumps(b.kpi_record(*item)))
    for pool, cid, tmpl, level in courses:
        _write(data / "courses" / f"{cid}.yaml", dumps(b.course_record(pool, cid, tmpl, level)))
    for unit in b.units:
        _write(data / "units" / f"{unit.id}.yaml", dumps(b.unit_record(unit)))
    for pos in b.positions:
        _write(data / "positions" / f"{pos.id}.yaml", dumps(b.position_record(pos)))
    for tmpl, scope in processes:
        record = b.process_record(tmpl, scope)
        b.process_names[record["id"]] = record["name"]
        _write(data / "processes" / f"{record['id']}.yaml", dumps(record))
    chapters = b.chapters()
    for cid, text in chapters:
        b.claim(cid)
        _write(out_dir / "content" / f"{cid}.md", text)
    return {
        "units": len(b.units),
        "positions": len(b.positions),
        "kpis": len(kpis),
        "processes": len(processes),
        "courses": len(courses),
        "chapters": len(chapters),
    }
