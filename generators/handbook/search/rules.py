"""The words and orders the search rules use (README.md sections 2 and 4).

They travel in the index manifest, so the Python engine (rank.py) and the browser engine
(assets/search-engine.js) read the same lists; neither hard-codes them. Stop characters are
in segment.py (STOPWORDS), the folding tables in normalise.py.
"""

from __future__ import annotations

ENTRY_TYPES = ("岗位", "岗位职责", "权限", "责任", "任职资格", "汇报关系", "考核指标", "业务流程", "流程步骤", "业务要点",
               "组织单元", "部门职能", "课程", "培训计划", "制度")
"""Every entry type, in the order the type filter lists them."""

STEP_TYPE, PROCESS_TYPE = "流程步骤", "业务流程"
"""The two types step grouping (…的步骤) works with (README.md "Steps grouped under their process")."""

TYPE_RANK = {"岗位职责": 0, "流程步骤": 0, "部门职能": 1, "业务要点": 1, "权限": 2, "责任": 2, "任职资格": 3}
"""Within a tier, who does what (duties, steps) comes first, then functions and key points,
then authorities and accountabilities, then qualifications; every other type (whole records,
policy sections …) ranks as OTHER_RANK."""
OTHER_RANK = 4

TYPE_WORDS = {"岗位职责": "岗位职责", "职责": "岗位职责", "权限": "权限", "责任": "责任", "任职资格": "任职资格",
              "任职要求": "任职资格", "考核指标": "考核指标", "指标": "考核指标", "流程步骤": "流程步骤",
              "步骤": "流程步骤", "课程": "课程", "培训计划": "培训计划", "制度": "制度"}
"""A query word naming an entry type narrows to that type: 合同评审的步骤 = steps about 合同评审."""

FILLERS = ("是不是", "有没有", "怎么办", "怎么样", "什么", "怎么", "怎样", "如何", "哪些", "哪个", "哪里", "是否",
           "请问", "多少", "几个", "谁", "吗", "呢")
"""Question words dropped from a query (longest first): 谁负责回款 searches 负责 + 回款. Single
particles that also occur inside words (由 in 理由, 的 in 目的) are stop characters instead (segment.py)."""

MAX_CORRECTIONS = 30
"""A typo is corrected with one of the first 30 candidates (in preference order) or not at all:
each try scans the entries, and a keystroke must stay fast (README.md 2b)."""

LEFTOVERS = ("负责", "处理", "安排", "办理", "进行", "需要", "开展")
"""Verbs that only carry a question: once a question word was dropped, 谁负责催收欠款 searches 催收欠款."""
