"""Time the handbook search on a synthetic corpus and report the index size.

    PYTHONPATH=generators python benchmarks/search_bench.py [N]   # default 50,000 entries
"""

from __future__ import annotations

import gzip
import random
import sys
import time

from handbook.search import SearchEntry, Searcher, TextCache, build_index, index_files

WORDS = ("负责 组织 开展 市场 调研 销售 合同 评审 回款 发票 客户 信用 预算 费用 审核 审批 编制 计划 报告 "
         "推广 品牌 渠道 经销商 订单 账款 逾期 催收 培训 考核 指标 绩效 团队 区域 目标 分析 数据 档案 "
         "维护 跟踪 协助 统计 归档 登记 核对 交付 签收 CRM KPI VIP ERP").split()
TYPES = ("岗位职责", "权限", "责任", "任职资格", "流程步骤", "考核指标")
QUERIES = ("调研", "合同评审", "回款率", "客户 发票", "KPI", "市场部经理职责", "不存在的词", "销售费用预算")


def synthetic(n: int, seed: int = 1) -> list[SearchEntry]:
    rnd = random.Random(seed)
    entries = []
    for i in range(n):
        unit = f"unit-{i % 40}"
        text = "".join(rnd.choice(WORDS) for _ in range(rnd.randint(5, 14)))
        entries.append(SearchEntry(id=f"r{i // 10}#l{i % 10}", type=rnd.choice(TYPES), title="岗位职责",
                                   text=text, url=f"r{i // 10}/#l{i % 10}", owner=f"岗位{i // 10} · 部门{i % 40}",
                                   unit=unit, unit_name=f"部门{i % 40}", is_name=i % 10 == 0))
    return entries


def main(n: int) -> None:
    entries = synthetic(n)
    t = time.perf_counter()
    cache = TextCache()  # what build_index folded, the Searcher does not fold again
    index = build_index(entries, [["回款", "货款回笼"], ["发票", "开票"]], cache=cache)
    build_s = time.perf_counter() - t
    files = [text.encode("utf-8") for text in index_files(index).values()]  # manifest + shards, as served
    size, zipped = sum(map(len, files)), sum(len(gzip.compress(data)) for data in files)
    t = time.perf_counter()
    searcher = Searcher(index, cache)
    prep_ms = (time.perf_counter() - t) * 1000
    print(f"entries: {n:,}  build: {build_s:.1f} s  prepare: {prep_ms:.0f} ms  vocab: {len(index.vocab):,}")
    print(f"index files: {size / 1e6:.2f} MB, gzip {zipped / 1e6:.2f} MB  "
          f"({size / n * 1000 / 1024:.0f} KiB, gzip {zipped / n * 1000 / 1024:.0f} KiB per 1,000 entries)")
    print("  query        hits   top-50 ms   all hits ms")
    for q in QUERIES:
        timings = []
        for limit in (50, None):
            t = time.perf_counter()
            for _ in range(3):
                hits = searcher.search(q, limit=limit)
            timings.append((time.perf_counter() - t) / 3 * 1000)
        print(f"  {q:<10} {len(hits):>6} {timings[0]:10.1f} {timings[1]:12.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
