"""Phrase bank for the synthetic organization generator, read from the YAML files in synthetic/data/.

Everything here is plain data: names, titles, verb/object pairs, KPI, course and process templates
(what each list holds is said in its file). The vocabulary follows the marketing-centre source
documents (国内营销中心关键业务流程、营销部精细化管理全案、市场部组织架构及分工): 分公司/区域
supported by 销售管理、品牌管理、团装服务、客户服务、物流、营销财务 headquarters functions.

Conventions
-----------
* A *family* is a functional line of work (sales, market, ...). Titles, duties, KPIs and courses
  are organized by family so that a 客服专员 gets service duties and service KPIs.
* Keys are lower-case ASCII; they become parts of record ids.
* Lists are ordered; the generator samples from them with a seeded random.Random, so editing a
  list changes the output of every seed. Tuples of the data files are YAML lists ([name, key, …]).
"""

from __future__ import annotations

from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> dict:
    """One data file: {list name (lower case): value}; the files are ours, so a plain safe load."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((DATA / f"{name}.yaml").read_text(encoding="utf-8"), Loader=loader)


STEP_DEFAULTS = {"approval": None, "parts": [], "decision": [], "next": None, "inputs": [], "outputs": [],
                 "forms": [], "optional": False, "action": ""}
"""What a process step in processes.yaml leaves out: no approval, participants, branches, inputs …"""


def _step(step: dict) -> dict:
    """A process step with every key (key, name, role, phase, then STEP_DEFAULTS' keys), in that order."""
    out = {"key": step["key"], "name": step["name"], "role": step["role"], "phase": step["phase"]}
    for key, default in STEP_DEFAULTS.items():
        value = step.get(key, default)
        out[key] = list(value) if isinstance(value, list) else value
    return out


def _processes(processes: list[dict]) -> list[dict]:
    return [{**proc, "steps": [_step(step) for step in proc["steps"]]} for proc in processes]


_organizations = _load("organizations")
ORGANIZATIONS = _organizations["organizations"]
REGIONS = _organizations["regions"]
ORDINALS = _organizations["ordinals"]

_titles = _load("titles")
FAMILY_LABELS = _titles["family_labels"]
TITLES = _titles["titles"]

_departments = _load("departments")
HQ_DEPTS = _departments["hq_depts"]
BRANCH_DEPTS = _departments["branch_depts"]
FUNCTIONS = _departments["functions"]

_duties = _load("duties")
ACTIONS = _duties["actions"]
LEADS_STAFF = _duties["leads_staff"]
LEADS_HEAD = _duties["leads_head"]
TAILS = _duties["tails"]
BASES = _duties["bases"]
FREQS = _duties["freqs"]
GOALS = _duties["goals"]

_authorities = _load("authorities")
AUTH_OBJECTS = _authorities["auth_objects"]
RIGHTS_HEAD = _authorities["rights_head"]
RIGHTS_STAFF = _authorities["rights_staff"]
AUTH_COMMON_HEAD = _authorities["auth_common_head"]
AUTH_COMMON_STAFF = _authorities["auth_common_staff"]
QUALITIES = _authorities["qualities"]
ACC_OBJECTS = _authorities["acc_objects"]
FAULTS = _authorities["faults"]
LOSSES = _authorities["losses"]
DEGREES = _authorities["degrees"]

_qualifications = _load("qualifications")
MAJORS = _qualifications["majors"]
INDUSTRIES = _qualifications["industries"]
FIELDS = _qualifications["fields"]
KNOWLEDGE = _qualifications["knowledge"]
SKILLS = _qualifications["skills"]
COMPETENCIES = _qualifications["competencies"]
OTHER_REQS = _qualifications["other_reqs"]
EDUCATION_HEAD = _qualifications["education_head"]
EDUCATION_STAFF = _qualifications["education_staff"]

_kpis = _load("kpis")
KPI_TEMPLATES = _kpis["kpi_templates"]
KPI_QUALIFIERS = _kpis["kpi_qualifiers"]

_courses = _load("courses")
COURSE_POOL_CATEGORY = _courses["course_pool_category"]
COURSES = _courses["courses"]
COURSE_LEVELS = _courses["course_levels"]
COURSE_FORMATS = _courses["course_formats"]
COURSE_HOURS = _courses["course_hours"]

PROCESSES = _processes(_load("processes")["processes"])

_chapters = _load("chapters")
CHAPTERS = _chapters["chapters"]
SYNONYMS = _chapters["synonyms"]
RELEASE_SUMMARIES = _chapters["release_summaries"]
