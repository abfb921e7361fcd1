"""Which clauses answer a question: the sentence that says it, the figures it states, the unit it names.

Search finds clauses that *share* a question's words; a memo needs the ones that *answer* it. A clause answers
when one of its sentences holds the question's topic words (idf-weighted, curated synonyms counted) and, when
the question asks for a figure (标准, 多少, 比例…), that sentence states one; when it names an organisation the
records know (市民政局), the clause assigns it a task. 威海's 第十五条 "新建、改建、扩建住宅小区应当符合国家无障碍
设施工程建设标准" shares 新建, 小区 and 标准 with 新建小区配建标准 but states no figure and not 配建: not cited.

Pure functions over kb.models values; the weights and synonyms come from the query preparation (kb.index.query).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kb.models import Indicator, Responsibility

# A question asking for a figure: an amount, a standard, a share, an area, a limit, a count or a duration.
_QUANTITY = re.compile(
    r"多少|几[个岁年天元次项家名倍张处户月周]|标准|数额|金额|额度|比例|面积|上限|下限|最高|最低|幅度|多大|多长|多久|多高|几成"
)
_LEAD = re.compile(r"牵头|主责|为主")
# The measure a question names (几个月, 多少年, 多少钱): a figure in that unit answers whatever else it mentions
# (几个月工资的补偿 asks for months, though 工资 and 补偿 are money words).
_MEASURE = re.compile(r"(?:几|多少)个?(岁|年|天|日|元|块|钱|月|周|小时|平方米|米|次|倍|人)")
_MEASURE_UNITS = {"天": ("天", "日"), "日": ("日", "天"), "块": ("元",), "钱": ("元",), "周": ("周", "日", "天")}
# A question asking whether something is allowed (能不能…), and the wordings of a clause that rules on it.
_PERMISSION = re.compile(r"能不能|能否|可不可以|可以|可否|允许|准许|让不让|行不行|有权|有没有权|算不算违")
_RULING = re.compile(r"可以|有权|不得|禁止|严禁|允许|准许|不准|不予|免予")
# A question asking who is responsible (谁负责…), and the wordings of a clause that assigns a duty.
_WHO = re.compile(r"谁|哪个部门|哪些部门|什么部门|哪个单位|哪些单位|什么机构|哪个机构|哪里|找哪|主管部门|负责部门")
_DUTY = re.compile(r"负责|主管|职责|牵头|承担|监督管理|组织实施|应当.{0,12}(?:受理|处理|调查|查处)")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
# The share of the question's topic words a sentence must hold to answer it (measured on the corpus: the real
# answers of 新建小区配建标准 / 护理员补贴多少 hold 0.7-1.0, clauses sharing a word or two 0.2-0.5).
SENTENCE_SHARE = 0.6


@dataclass(frozen=True)
class Intent:
    """What a question asks for beyond its topic."""

    quantity: bool = False  # a figure (标准, 多少…)
    figure_units: tuple[str, ...] = ()  # … of these units (补贴 asks for 元), from kb/data/figure_kinds.json
    units: tuple[str, ...] = ()  # organisations it names that the records know
    lead: bool = False  # … as the leading unit (牵头)
    permission: bool = False  # whether something is allowed (能不能, 可以…): a clause that rules on it answers
    duty: bool = False  # who is responsible (谁负责, 哪个部门): a clause that assigns a duty answers


def intent_of(question: str, known_units: Sequence[str] = ()) -> Intent:
    """The question's asks: a figure when it says 标准/多少/比例…, the known units it names (longest first)."""
    units: list[str] = []
    for unit in sorted({u for u in known_units if len(u) >= 3}, key=len, reverse=True):
        if unit in question and not any(unit in u for u in units):
            units.append(unit)
    quantity = bool(_QUANTITY.search(question))
    wanted = [u for kind in figure_kinds() if any(w in question for w in kind["words"]) for u in kind["units"]]
    wanted += [u for m in _MEASURE.findall(question) for u in _MEASURE_UNITS.get(m, (m,))]
    return Intent(quantity=quantity, figure_units=tuple(dict.fromkeys(wanted)) if quantity else (),
                  units=tuple(units), lead=bool(_LEAD.search(question)),
                  permission=bool(_PERMISSION.search(question)), duty=bool(_WHO.search(question)))


def answer_fit(intent: Intent, text: str, figures: Sequence[Indicator], duties: Sequence[Responsibility]) -> float:
    """1.0 when a clause states the kind of thing the question asks for (a figure of the asked kind, a ruling on
    what is allowed, a duty), 0.0 when it does not or the question asks for nothing beyond its topic; search adds
    it to the fusion (kb.index.fuse.ANSWER_WEIGHT) so that a clause stating the answer ranks above one that only
    shares the question's words."""
    met = []
    if intent.quantity:
        met.append(any(fits(i, intent) for i in figures))
    if intent.permission:
        met.append(bool(_RULING.search(text)))
    if intent.duty:
        met.append(bool(duties) or bool(_DUTY.search(text)))
    return 1.0 if met and any(met) else 0.0


@lru_cache(maxsize=1)
def figure_kinds() -> list[dict]:
    """kb/data/figure_kinds.json: the words that ask for a kind of figure, and that kind's units."""
    data = json.loads((Path(__file__).parent / "data" / "figure_kinds.json").read_text(encoding="utf-8"))
    return list(data["kinds"])


def fits(indicator: Indicator, intent: Intent) -> bool:
    """Whether a figure is of the kind the question asks for (any figure when it names no kind)."""
    if not intent.figure_units:
        return True
    unit = indicator.unit or ("比例" if indicator.ratio else "")
    return any(u in unit for u in intent.figure_units)


def topic_tokens(tokens: Sequence[str]) -> list[str]:
    """The question's tokens without the words that only say a figure is wanted (标准, 比例, 最高…)."""
    return [t for t in tokens if not _QUANTITY.fullmatch(t)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, its closing mark included; blank ones dropped."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip(" \n\t。；;")]


@dataclass(frozen=True)
class Terms:
    """The question's topic words with their weights and the synonym wordings that stand for them."""

    weights: Mapping[str, float]
    alternatives: Mapping[str, Sequence[Sequence[str]]] = field(default_factory=dict)

    def share(self, text: str) -> float:
        """The weighted share of the topic words ``text`` holds (a word counts when one of its synonyms is there)."""
        total = sum(self.weights.values())
        if total <= 0:
            return 0.0
        got = sum(w for t, w in self.weights.items() if self._has(text, t))
        return got / total

    def _has(self, text: str, token: str) -> bool:
        return token in text or any(alt and all(t in text for t in alt) for alt in self.alternatives.get(token, ()))

    def words(self) -> list[str]:
        """Every wording to mark in a shown clause: the words and their synonyms, longest first (a synonym by its
        longest token: 养老护理员's tokens 养老/护理/护理员 mark 护理员, not every 养老)."""
        words = set(self.weights) | {max(alt, key=len) for alts in self.alternatives.values() for alt in alts if alt}
        return sorted((w for w in words if len(w) >= 2), key=lambda w: (-len(w), w))  # same order in every process


def word_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where each of ``words`` occurs in ``text`` (longest first, no overlaps)."""
    taken = [False] * len(text)
    out: list[tuple[int, int]] = []
    for word in words:
        for m in re.finditer(re.escape(word), text):
            if not any(taken[m.start() : m.end()]):
                out.append((m.start(), m.end()))
                for i in range(m.start(), m.end()):
                    taken[i] = True
    return sorted(out)


@dataclass(frozen=True)
class Reading:
    """How one clause answers a question: its best sentence, that sentence's share, the figures that answer."""

    clause_id: str
    start: int
    end: int
    share: float
    figures: tuple[Indicator, ...] = ()
    answers: bool = False
    lead: bool = False  # the asked unit leads the clause's task


def read_clause(
    clause_id: str,
    text: str,
    indicators: Sequence[Indicator],
    duties: Sequence[Responsibility],
    terms: Terms,
    intent: Intent,
) -> Reading:
    """The sentence of ``text`` that best answers, and whether it does (see the module docstring)."""
    best: Reading | None = None
    named = [r for r in duties if any(r.unit == u or u in r.unit for u in intent.units)]
    for s, e in sentence_spans(text):
        share = terms.share(text[s:e])
        figures = tuple(i for i in indicators if s <= i.start < e and fits(i, intent))
        ok = share >= SENTENCE_SHARE and (figures or not intent.quantity)
        if intent.units:  # a task of the named unit: the clause answers by its records, the task sentence shows it
            ok = bool(named)
        reading = Reading(clause_id, s, e, share, figures, bool(ok), any(r.role == "lead" for r in named))
        if best is None or (reading.answers, reading.share, bool(figures)) > (best.answers, best.share, bool(best.figures)):
            best = reading
    return best or Reading(clause_id, 0, len(text), 0.0)


def relax(intent: Intent, readings: Sequence[Reading]) -> Intent:
    """The intent without the asks no clause meets: a 标准 that is a quality standard, an unassigned unit."""
    if any(r.answers for r in readings):
        return intent
    return Intent()
