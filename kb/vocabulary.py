"""The text vocabulary: jieba (imported here only), the policy user dictionaries, synonyms and stop words.

Two users, two tunings, one home:

- search and BM25 (``kb.index``): ``USER_WORDS`` for the tokenizer, ``STOP_WORDS``, the ``SYNONYMS`` groups and
  the one-way ``COLLOQUIAL`` words of everyday questions;
- query expansion (``kb.index.query``): ``expansions()``, everyday word -> the documents' wordings, read from
  ``kb/data/expansions.tsv`` (built from 同义词词林 by scripts/build_expansions.py; provenance in its header);
- comparison (``kb.compare``): ``TOPIC_WORDS``, ``TOPIC_STOP_WORDS`` and ``TOPIC_SYNONYMS`` for the terms of a topic.

Each was tuned on its own benchmark (scripts/bench_search.py, scripts/bench_compare.py), so they are kept apart
here rather than merged: merging them changes both figures. ``jieba_tokenizer`` gives each dictionary its own
``jieba.Tokenizer`` (never the global one), built once per process.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

EXPANSIONS = Path(__file__).resolve().parent / "data" / "expansions.tsv"

# Terms jieba would otherwise split, so a query for one of them does not match every clause with its parts.
USER_WORDS: tuple[str, ...] = (
    "养老服务", "养老服务设施", "养老服务体系", "养老服务中心", "养老服务站", "养老服务综合体", "养老机构",
    "护理型床位", "家庭养老床位", "养老床位", "社会养老床位", "适老化改造", "适老化", "责任单位", "牵头单位",
    "居家养老", "社区养老", "机构养老", "居家社区养老", "医养结合", "康养结合", "医养康养", "老年助餐",
    "助餐", "助餐点", "老年食堂", "长者食堂", "配餐", "送餐", "助浴", "助洁", "助行", "助医", "长期护理保险",
    "长护险", "特困人员", "特困供养", "失能老年人", "半失能", "失能", "失智", "认知障碍", "老年痴呆",
    "高龄津贴", "养老服务补贴", "护理补贴", "居住区", "住宅小区", "新建住宅小区", "老旧小区", "配建",
    "配套建设", "同步规划", "同步建设", "同步验收", "同步交付", "联席会议", "等级评定", "星级评定",
    "民政部门", "民政局", "民政厅", "卫生健康委", "卫生健康部门", "发展改革委", "发展改革部门",
    "财政局", "财政厅", "财政部门", "自然资源和规划局", "住房城乡建设局", "人力资源社会保障局", "医保局",
    "市场监管局", "应急管理局", "消防救援支队", "老龄办", "老龄工作委员会", "街道办事处", "乡镇人民政府",
    "村委会", "居委会", "城乡社区", "一刻钟", "十四五", "十三五", "智慧养老", "养老顾问", "时间银行",
    "喘息服务", "安宁疗护", "农村幸福院", "敬老院", "乡镇敬老院", "公办养老机构", "民办养老机构",
    "普惠养老", "社会力量", "公建民营", "以旧换新", "消费券", "购新补贴", "家电", "就业创业",
)

# Function words and policy boilerplate that match almost every clause.
STOP_WORDS = frozenset(
    "的 了 和 与 及 或 等 在 对 为 以 是 有 由 将 把 被 于 按 按照 其 中 之 各 个 并 并且 要 应 应当 可 可以 "
    "能 会 也 又 而 则 即 从 向 到 上 下 内 外 我 我们 你 他 她 它 这 那 这个 哪些 什么 怎么 怎样 如何 吗 呢 "
    "吧 啊 谁 多少 几 哪 哪里 有没有 是否 关于 进一步 有关 相关 工作 方面 情况 一些 之间 通过 进行".split()
)

# Groups of interchangeable policy wordings: a query with one of them also looks for the others
# (BM25 at a lower weight, and the word coverage). Curated by hand from the corpus, kept small on purpose.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("小区", "居住区", "住宅小区", "住宅区"),
    ("配建", "配套建设", "同步建设"),
    ("老年痴呆", "认知障碍", "失智"),
    ("就餐", "用餐", "助餐"),
    ("老年食堂", "长者食堂", "长者饭堂"),
    ("养老护理员", "护理员", "护理人员"),
    ("补贴", "补助", "津贴", "资助"),
    ("失能", "不能自理"),
    ("五保", "特困人员", "特困供养"),
    ("无障碍", "适老化改造", "适老化"),
    ("长护险", "长期护理保险"),
    ("换新", "以旧换新"),
    ("处罚", "罚款", "法律责任"),
    ("高龄", "八十周岁以上"),
    ("子女", "儿女", "赡养人", "赡养义务"),
    ("临终", "安宁疗护", "临终关怀"),
)
# Everyday words staff and residents use -> the wordings of the documents, one way only: a question with the
# document's own word (补贴, 养老机构) must not also look for the everyday one's other meanings (资金, 敬老院).
COLLOQUIAL: dict[str, tuple[str, ...]] = {
    "吃饭": ("就餐", "用餐", "助餐", "老年食堂", "长者食堂", "配餐", "送餐"),
    "养老院": ("养老机构", "敬老院"),
    "护工": ("养老护理员", "护理员", "护理人员"),
    "瘫痪": ("卧床", "不能自理", "失能"),
    "卧床": ("不能自理", "失能"),
    "孤寡": ("五保", "特困人员", "特困供养"),
    "看病": ("就医", "医疗服务"),
    "找工作": ("就业", "失业"),
    "钱": ("资金", "经费", "补贴", "补助"),
    "谁负责": ("责任单位", "牵头单位"),
    "老人": ("老年人",),
    "岁数大": ("高龄老年人", "高龄"),
    "年纪大": ("高龄老年人", "高龄"),
    "一个人住": ("独居", "空巢"),
    "着火": ("火灾", "消防安全"),
    "上班": ("入职", "从业"),
    "打工": ("外出务工", "留守"),
}

# Comparison's own groups (tuned on tests/gold/compare_*): the first word of a group stands for the others; a topic term matches a clause containing any of its group.
TOPIC_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("居住区", "住宅区", "住宅小区", "居民住宅区", "居民区", "生活区", "小区"),
    ("配建", "配套建设", "配置", "配套", "建设"),
    ("配备", "配置", "配有", "配建"),
    ("养老服务设施", "养老服务用房", "居家养老服务用房", "养老设施", "养老服务场所", "养老服务用房"),
    ("已建成", "既有", "已建"),
    ("新建", "新建设"),
    ("社会工作者", "社会工作人才", "社工人才"),
    ("福利彩票公益金", "彩票公益金", "福彩公益金"),
    ("彩票公益金", "福利彩票公益金", "福彩公益金"),
    ("比例", "占比", "比重", "%", "百分之"),
    ("占比", "比例", "比重", "%", "百分之"),
    ("护理型床位", "护理床位"),
    ("用地", "土地"),
    ("老年人", "老人", "长者"),
    ("助餐", "老年食堂", "长者食堂", "老年餐桌", "配餐", "送餐"),
    ("认知障碍", "失智", "老年痴呆"),
    ("床位", "张床"),
    ("移交", "交付"),
)
TOPIC_WORDS = (
    "养老服务设施", "养老服务用房", "居家养老服务用房", "居住区", "住宅区", "住宅小区", "居民住宅区", "配建",
    "配套建设", "已建成", "护理型床位", "彩票公益金", "福利彩票公益金", "社会工作者", "养老机构", "特困人员",
    "认知障碍", "助餐", "适老化改造", "家庭养老床位", "高龄津贴", "养老服务", "公益金",
)
TOPIC_STOP_WORDS = frozenset(
    "的 了 和 与 及 或 等 在 对 为 以 是 有 由 将 把 被 于 按 按照 其 中 之 各 个 并 要 应 应当 可 可以 关于 "
    "有关 相关 工作 方面 情况 如何 怎么 什么 哪些 多少 是否 规定 要求 政策 用于".split()
)


def synonym_groups(text: str) -> list[tuple[str, list[str]]]:
    """(wording found in ``text``, its synonyms not in ``text``) for every curated group or everyday word it holds."""
    out = []
    for group in SYNONYMS:
        for term in group:
            if term in text:
                out.append((term, [t for t in group if t not in text]))
    for word, wordings in COLLOQUIAL.items():
        if word in text:
            out.append((word, [t for t in wordings if t not in text]))
    return out


def expand_synonyms(text: str) -> list[str]:
    """The synonyms of every curated wording found in ``text`` (the wording itself excluded)."""
    out: list[str] = []
    for _, others in synonym_groups(text):
        out.extend(t for t in others if t not in out)
    return out


def topic_variants(term: str) -> tuple[str, ...]:
    """The term and every synonym it has in ``TOPIC_SYNONYMS``."""
    out = [term]
    for group in TOPIC_SYNONYMS:
        if group[0] == term or (term in group and term != "%"):
            out.extend(w for w in group if w not in out)
    return tuple(out)


@functools.cache
def expansions(path: Path = EXPANSIONS) -> dict[str, tuple[str, ...]]:
    """Everyday word -> the documents' own wordings, best first (``word<TAB>targets<TAB>codes`` lines, ``#``
    comments); read once per process. A missing file gives no expansions."""
    table: dict[str, tuple[str, ...]] = {}
    if not path.exists():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, targets, *_ = line.split("\t")
            table[word] = tuple(targets.split())
    return table


_JIEBA: dict[tuple[tuple[str, ...], int], Any] = {}  # (words, frequency) -> initialised jieba.Tokenizer
_JIEBA_LOCK = threading.Lock()


def jieba_tokenizer(words: Iterable[str], freq: int) -> Any:
    """An own ``jieba.Tokenizer`` with ``words`` added at ``freq``; one per dictionary per process (~1 s to build).

    The instances are read-only once built, so threads share them.
    """
    key = (tuple(words), freq)
    with _JIEBA_LOCK:
        if key not in _JIEBA:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.initialize()
            for word in key[0]:
                tok.add_word(word, freq=freq)
            _JIEBA[key] = tok
        return _JIEBA[key]
