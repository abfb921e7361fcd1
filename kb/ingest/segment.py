"""text -> clause tree by official numbering. (Owner: segment helper.)

Every numbering family is recognised at once and nested by a fixed rank (GB/T 9704 order):

    附件 < 第X编 < 第X章/第X部分 < 第X节 < 第X条 < 一、 < （一） < 专栏N < 1. < （1） < 1） < ① < (paragraph) < 一是

A label closes every open label of the same or a deeper rank, so 1./（1）/第X条/一是 can mix in one
document. Labels are found at the start of a line, and inside a line (seed 000 is one single line)
only after a sentence boundary and only when they continue the open sequence (二、 after 一、, 一是 or
a new 1), which keeps out cross-references (按照第十二条), decimals (0.2平方米), versions (11.5.14),
dates (2024.4.9) and years (2024.).

Clause fields:

* ``number``: the normalised label: "三、", "（一）", "6.", "（2）", "①", "一是", "第十二条", "第一章",
  "专栏1", "附件1"; "" for a plain paragraph or a table row.
* ``heading``: the short heading of a heading line ("设施建设" from "（一）设施建设。"), or the first
  sentence of an item when it is short ("健全养老托育服务发展规划体系" from "1.健全…体系。推进…").
* ``path``: one string per ancestor, outermost first: its label joined to its heading
  ("三、重点任务", "（一）设施建设"; "第一章 总则" with a space after word labels; the heading alone
  for a paragraph or table title). :func:`citation` turns path + number into "三（一）6".
* ``text``: the clause's own text, label and heading included, children excluded; paragraphs
  without a label that follow an item with no children yet are merged into it (an article's
  second paragraph, the body under "（一）加大稳岗支持力度。").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kb.models import Clause, TableBlock, TableRow

_CN = "一二三四五六七八九十"
# "－" inside a numeral is a typing slip for 一 ("第三十－条" in a Chongqing regulation).
_CN_BIG = "一二三四五六七八九十百千零〇两－"
_WS = " \t\u3000\u00a0\r\n"
_SENT_END = "。！？!?；;：:"

# Family -> rank (smaller = outer).
RANKS: dict[str, float] = {
    "annex": 0,
    "part": 1,
    "subpart": 1.5,
    "chapter": 2,
    "section": 3,
    "article": 4,
    "cn": 5,
    "pcn": 6,
    "box": 6.5,
    "ar": 7,
    "par": 8,
    "ap": 8.5,
    "circ": 9,
    "para": 9.5,
    "shi": 10,
}
_STRUCTURAL = frozenset({"annex", "part", "subpart", "chapter", "section", "article", "box"})
# A heading line 一、… in a document of articles ranks above its articles (judicial interpretations: "一、管辖").
_HEADING_RANK = 3.5
# Paragraphs after a heading line are merged into it while the clause stays this short (articles: always).
MERGE_LIMIT = 1000
# A paragraph opening with one of these continues the item before it: "（人力资源社会保障部负责）".
_NOTE_OPEN = "（(〔[【"
_WORD_LABELS = frozenset({"annex", "part", "subpart", "chapter", "section", "article", "box"})

# Characters allowed right before a label found inside a line, per family.
_INLINE_BEFORE: dict[str, str] = {
    "part": _WS + "。",
    "subpart": _WS + "。",
    "chapter": _WS + "。",
    "section": _WS + "。",
    "article": _WS + "。",
    "cn": _WS + _SENT_END,
    "pcn": _WS + _SENT_END + "，,",
    "ar": _WS + _SENT_END,
    "par": _WS + _SENT_END + "，,",
    "circ": _WS + _SENT_END + "，,、",
    "shi": _WS + _SENT_END + "，,",
}

_RE_MD = re.compile(r"#{1,6}[ \t\u3000\u00a0]*")
_RE_SKIP_LINE = re.compile(r"<!--.*?-->|[-=*_#>|\s]*")
_RE_ANNEX = re.compile(r"附[ \t\u3000\u00a0]*件[ \t\u3000\u00a0]*(\d{1,2}|[一二三四五六七八九十]{1,2})?[ \t\u3000\u00a0]*([:：])?")
_RE_BOX = re.compile(r"专栏[ \t\u3000\u00a0]*(\d{1,2}|[一二三四五六七八九十]{1,3})(?![\d年月日%])")
# 第一千二百六十条, 第十七条之一 (an article inserted by an amendment), 第一分编.
_RE_ORDINAL = re.compile(
    rf"第[ \t\u3000\u00a0]*([{_CN_BIG}]{{1,9}}|\d{{1,4}})[ \t\u3000\u00a0]*(分编|编|章|部分|节|条)(?:之([{_CN}]{{1,3}}))?"
)
# A line that starts an article: how many of them make a document "of articles".
_RE_ARTICLE_LINE = re.compile(rf"^[ \t\u3000\u00a0]*第[{_CN_BIG}\d]{{1,9}}条", re.M)
# A book of a code on a line of its own, in a document of articles (民法典: "婚姻家庭编", "附则").
_RE_BOOK = re.compile(r"[\u4e00-\u9fff]{1,8}编|总则|分则|附则")
# The line that announces a table of contents.
_RE_TOC_LINE = re.compile(r"目[ \t\u3000\u00a0]*录")
_RE_CN = re.compile(rf"([{_CN}]{{1,3}})[ \t\u3000\u00a0]*(?:[,，]?、|[.．](?![\d]))")
_RE_PCN = re.compile(rf"[（(][ \t\u3000\u00a0]*([{_CN}]{{1,3}})[ \t\u3000\u00a0]*[)）]")
_RE_AR = re.compile(r"(\d{1,3})[ \t\u3000\u00a0]*(?:[.．](?![\d.．%])|、)")
_RE_PAR = re.compile(r"[（(][ \t\u3000\u00a0]*(\d{1,2})[ \t\u3000\u00a0]*[)）]")
_RE_AP = re.compile(r"(\d{1,2})[)）]")
_RE_CIRC = re.compile(r"([\u2460-\u2473])")
_RE_SHI = re.compile(rf"([{_CN}]{{1,3}})是(?=[^\s，,。、的])")
# After 第X条 these characters make it a cross-reference (第十二条规定的, 第五条第二款).
_REF_AFTER = "规的之所第款项中和及或至、"
_RE_CANDIDATE = re.compile(rf"[附专第（({_CN}\d\u2460-\u2473]")
_RE_WS_CHUNK = re.compile(r"([^\s\u3000]+)[ \t\u3000\u00a0]+\S")
_HEAD_TRIM = "。.：:；;，,、 "
_RE_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]")
_RE_CITE_LABEL = re.compile(
    rf"(第[{_CN_BIG}\d]+(?:分编|编|章|部分|节|条)(?:之[{_CN}]+)?)|[（(]([{_CN}]+|\d+)[)）]|([{_CN}]+)、|(\d+)[.）)]|([\u2460-\u2473])|([{_CN}]+)是|(专栏\d+|附件\d*)"
)

_KIND_ORDINAL = {"编": "part", "分编": "subpart", "章": "chapter", "部分": "chapter", "节": "section", "条": "article"}


def cn_to_int(s: str) -> int:
    """Chinese or Arabic numeral (一, 十二, 二十三, 一百零五, 12) -> int; 0 when unreadable."""
    if s.isdigit():
        return int(s)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits.update({"〇": 0, "两": 2, "－": 1})
    total, cur = 0, 0
    for ch in s:
        if ch in digits:
            cur = digits[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        elif ch == "千":
            total += (cur or 1) * 1000
            cur = 0
        else:
            return 0
    return total + cur


@dataclass
class _Label:
    family: str
    value: int
    number: str
    start: int
    end: int  # end of the label itself
    body: int  # where the text after the label starts (whitespace skipped)
    reference: bool = False  # 附件：… line in a notice body (a leaf, opens nothing)


@dataclass
class _Node:
    family: str
    value: int
    number: str
    start: int
    end: int
    parent: _Node | None
    heading: str = ""
    heading_only: bool = False
    children: int = 0
    kind: str = "text"
    table: TableRow | None = None
    rank: float = -1.0  # nesting rank; RANKS[family] unless the node is a heading of another rank

    def __post_init__(self) -> None:
        if self.rank < 0:
            self.rank = RANKS.get(self.family, RANKS["para"])


@dataclass
class _State:
    text: str
    stack: list[_Node] = field(default_factory=list)
    nodes: list[_Node] = field(default_factory=list)
    of_articles: bool = False  # the document is made of 第X条 articles (a law, regulation, interpretation)

    def top(self) -> _Node | None:
        return self.stack[-1] if self.stack else None

    def open_value(self, family: str) -> int | None:
        for node in reversed(self.stack):
            if node.family == family:
                return node.value
        return None


def _skip_ws(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in " \t\u3000\u00a0":
        pos += 1
    return pos


def _match_label(text: str, pos: int, end: int, line_start: bool) -> _Label | None:
    """The numbering label at ``pos``, or None. Inline callers check the boundary and sequence."""
    ch = text[pos]
    if ch == "附" and line_start:
        m = _RE_ANNEX.match(text, pos, end)
        if m:
            rest = text[m.end() : end].strip()
            value = cn_to_int(m.group(1)) if m.group(1) else 0
            number = "附件" + (m.group(1) or "")
            reference = bool(m.group(2)) or len(rest) > 40
            return _Label("annex", value, number, pos, m.end(), _skip_ws(text, m.end(), end), reference)
        return None
    if ch == "专" and line_start:
        m = _RE_BOX.match(text, pos, end)
        if m:
            return _Label("box", cn_to_int(m.group(1)), "专栏" + m.group(1), pos, m.end(), _skip_ws(text, m.end(), end))
        return None
    if ch == "第":
        m = _RE_ORDINAL.match(text, pos, end)
        if not m:
            return None
        nxt = text[m.end()] if m.end() < end else ""
        if nxt and nxt in _REF_AFTER:
            return None
        value = cn_to_int(m.group(1))
        if value <= 0:
            return None
        number = f"第{m.group(1)}{m.group(2)}" + (f"之{m.group(3)}" if m.group(3) else "")
        return _Label(_KIND_ORDINAL[m.group(2)], value, number, pos, m.end(), _skip_ws(text, m.end(), end))
    if ch in "（(":
        m = _RE_PCN.match(text, pos, end)
        if m:
            return _Label("pcn", cn_to_int(m.group(1)), f"（{m.group(1)}）", pos, m.end(), _skip_ws(text, m.end(), end))
        m = _RE_PAR.match(text, pos, end)
        if m:
            value = int(m.group(1))
            return _Label("par", value, f"（{value}）", pos, m.end(), _skip_ws(text, m.end(), end)) if value else None
        return None
    if ch in _CN:
        m = _RE_CN.match(text, pos, end)
        if m:
            value = cn_to_int(m.group(1))
            return _Label("cn", value, f"{m.group(1)}、", pos, m.end(), _skip_ws(text, m.end(), end)) if value else None
        m = _RE_SHI.match(text, pos, end)
        if m:
            value = cn_to_int(m.group(1))
            return _Label("shi", value, f"{m.group(1)}是", pos, m.end(), m.end()) if value else None
        return None
    if ch.isdigit():
        if pos > 0 and text[pos - 1].isdigit():
            return None
        m = _RE_AR.match(text, pos, end)
        if m:
            value = int(m.group(1))
            if 1 <= value <= 200:
                return _Label("ar", value, f"{value}.", pos, m.end(), _skip_ws(text, m.end(), end))
            return None
        if line_start:
            m = _RE_AP.match(text, pos, end)
            if m and int(m.group(1)) >= 1:
                value = int(m.group(1))
                return _Label("ap", value, f"{value}）", pos, m.end(), _skip_ws(text, m.end(), end))
        return None
    m = _RE_CIRC.match(text, pos, end)
    if m:
        value = ord(m.group(1)) - 0x2460 + 1
        return _Label("circ", value, m.group(1), pos, m.end(), _skip_ws(text, m.end(), end))
    return None


def _next_inline(state: _State, pos: int, end: int) -> _Label | None:
    """The next label inside a line after ``pos`` that continues an open sequence."""
    text = state.text
    for m in _RE_CANDIDATE.finditer(text, pos, end):
        i = m.start()
        if i == 0:
            continue
        label = _match_label(text, i, end, line_start=False)
        if label is None or label.family not in _INLINE_BEFORE:
            continue
        if text[i - 1] not in _INLINE_BEFORE[label.family]:
            continue
        if label.body >= end:  # a label with nothing after it inside a line is not a label
            continue
        open_value = state.open_value(label.family)
        expected = 1 if open_value is None else open_value + 1
        if label.value == expected:
            return label
    return None


def _heading(text: str, body: int, end: int, family: str) -> tuple[str, bool]:
    """(short heading, whether the unit is a heading line with no body)."""
    rest = text[body:end].strip()
    if family in ("part", "subpart", "chapter", "section", "annex", "box"):
        return (rest, True) if len(rest) <= 40 else ("", False)
    if family == "article":  # "第一条 补贴范围" then the body on the next line
        if not rest:
            return "", True
        if len(rest) <= 20 and not any(c in rest for c in "。！？!?；;，,：:"):
            return rest, True
        return "", False
    if not rest:
        return "", True
    bare = rest.rstrip(_HEAD_TRIM)
    if len(bare) <= 30 and not any(c in bare for c in "。！？!?；;"):
        return bare, True
    chunk = _RE_WS_CHUNK.match(rest)  # "一、高位推动,凝聚工作合力 一是…" on one line
    if chunk and len(chunk.group(1)) <= 30 and not any(c in chunk.group(1) for c in "。！？!?；;"):
        return chunk.group(1).rstrip(_HEAD_TRIM), False
    m = _RE_SENTENCE.match(rest)
    if m:
        first = m.group(0)[:-1].strip()
        has_pause = any(c in first for c in "，,；;：:")
        if first and len(first) <= 25 and (not has_pause or len(first) <= 20):
            return first.rstrip(_HEAD_TRIM), False
    return "", False


def _pop_to(state: _State, rank: float) -> None:
    while state.stack and state.stack[-1].rank >= rank:
        state.stack.pop()


def _pop_body_items(state: _State) -> None:
    """Close inline enumerations, paragraphs and items with a body: a new paragraph or table is not inside them."""
    while state.stack:
        top = state.stack[-1]
        if top.family in ("shi", "para") or not (top.heading_only or top.family in _STRUCTURAL):
            state.stack.pop()
        else:
            break


def _new_node(state: _State, family: str, value: int, number: str, start: int, end: int) -> _Node:
    parent = state.top()
    node = _Node(family, value, number, start, end, parent)
    if parent is not None:
        parent.children += 1
    state.nodes.append(node)
    return node


def _lead_sentence(text: str, start: int, end: int) -> str:
    """The short first sentence a paragraph opens with ("推进财政补助方式改革。…"), or ""."""
    m = _RE_SENTENCE.match(text, start, end)
    if not m or not text[m.end() : end].strip():
        return ""
    first = m.group(0)[:-1].strip()
    has_pause = any(c in first for c in "，,；;：:")
    if first and first[0] not in _NOTE_OPEN and len(first) <= 25 and (not has_pause or len(first) <= 20):
        return first.rstrip(_HEAD_TRIM)
    return ""


def _add_paragraph(state: _State, start: int, end: int) -> _Node | None:
    """A unit without a label: merged into an open item that has no children yet, else a paragraph.

    A paragraph that opens with a lead sentence under a heading is a unit of its own, like a numbered item
    ("（五）深化养老服务三大改革" then "推进财政补助方式改革。…", "推进公办养老机构改革。…"); inside an
    article, paragraphs (款) always stay with the article.
    """
    while state.stack and state.stack[-1].family in ("shi", "para"):
        state.stack.pop()
    top = state.top()
    in_article = any(n.family == "article" for n in state.stack)
    lead = "" if in_article else _lead_sentence(state.text, start, end)
    if top is not None and top.children == 0 and top.kind == "text" and not (lead and top.heading_only):
        note = state.text[start] in _NOTE_OPEN and top.parent is not None and top.parent.family != "article"
        small = top.family == "article" or (end - top.start) <= MERGE_LIMIT
        if small and (top.heading_only or top.family in _STRUCTURAL or note):
            top.end = end
            return None
    _pop_body_items(state)
    node = _new_node(state, "para", 0, "", start, end)
    if lead and top is not None and top.heading_only:
        node.heading = lead
    state.stack.append(node)
    return node


def _is_heading_line(text: str, body: int, end: int) -> bool:
    """The rest of a line is a short heading: no sentence punctuation, nothing after it."""
    rest = text[body:end].strip()
    return 0 < len(rest) <= 30 and not any(c in rest for c in _HEAD_TRIM + "！？!?")


def _add_label(state: _State, label: _Label, end: int) -> _Node:
    if label.reference:
        _pop_body_items(state)
        node = _new_node(state, "annex", label.value, label.number, label.start, end)
        node.heading = state.text[label.body : end].strip()
        return node
    rank = RANKS[label.family]
    if label.family == "cn" and state.of_articles and _is_heading_line(state.text, label.body, end):
        rank = _HEADING_RANK  # "一、管辖" above 第一条: a heading of articles, not an item inside one
    _pop_to(state, rank)
    node = _new_node(state, label.family, label.value, label.number, label.start, end)
    node.rank = rank
    state.stack.append(node)
    return node


def _add_book(state: _State, start: int, end: int) -> None:
    """A book of a code standing alone on a line ("婚姻家庭编", "附则"): a part heading without a number."""
    _pop_to(state, RANKS["part"])
    node = _new_node(state, "part", 0, "", start, end)
    node.heading, node.heading_only = state.text[start:end].strip(), True
    state.stack.append(node)


def _process_line(state: _State, start: int, end: int) -> None:
    text = state.text
    while start < end and text[start] in _WS:
        start += 1
    while end > start and text[end - 1] in _WS:
        end -= 1
    if start >= end:
        return
    md = _RE_MD.match(text, start, end)
    if md and md.end() > start:
        start = md.end()
    if start >= end or _RE_SKIP_LINE.fullmatch(text, start, end):
        return
    label = _match_label(text, start, end, line_start=True)
    if label is None and state.of_articles and state.nodes and _RE_BOOK.fullmatch(text, start, end):
        _add_book(state, start, end)
        return
    pos = start
    while pos < end:
        if label is not None:
            node: _Node | None = _add_label(state, label, end)
            search_from = label.body
        else:
            node = _add_paragraph(state, pos, end)
            search_from = pos + 1
        nxt = _next_inline(state, search_from, end)
        unit_end = nxt.start if nxt else end
        while unit_end > pos and text[unit_end - 1] in _WS:
            unit_end -= 1
        if node is None:  # merged into the open item
            state.top().end = unit_end  # type: ignore[union-attr]
        else:
            node.end = unit_end
            if label is not None and not label.reference:
                node.heading, node.heading_only = _heading(text, label.body, unit_end, label.family)
                under_article = node.parent is not None and node.parent.family == "article"
                if under_article and label.family not in _STRUCTURAL and text[unit_end - 1] in _HEAD_TRIM:
                    node.heading, node.heading_only = "", False  # 项 of an article ("（一）…；"): no heading
        if nxt is None:
            break
        pos, label = nxt.start, nxt


def _add_table(state: _State, table: TableBlock) -> None:
    text = state.text
    while state.stack and state.stack[-1].family in ("shi", "para"):
        state.stack.pop()
    _pop_body_items(state)
    parent_for_rows = state.top()
    title_node: _Node | None = None
    cursor = table.start
    spans = sorted(table.row_spans)
    for row_index, (rs, re_) in enumerate(spans):
        gap = text[cursor:rs]
        if gap.strip():
            g0 = cursor + len(gap) - len(gap.lstrip())
            g1 = cursor + len(gap.rstrip())
            saved = state.stack
            state.stack = [parent_for_rows] if parent_for_rows else []
            title_node = _new_node(state, "para", 0, "", g0, g1)
            title_node.heading = text[g0:g1].strip() if g1 - g0 <= 60 else ""
            title_node.heading_only = True
            state.stack = saved
        row = table.rows[row_index] if row_index < len(table.rows) else []
        r0, r1 = rs, re_
        while r0 < r1 and text[r0] in _WS:
            r0 += 1
        while r1 > r0 and text[r1 - 1] in _WS:
            r1 -= 1
        cursor = max(cursor, re_)
        if r0 >= r1:
            continue
        parent = title_node or parent_for_rows
        node = _Node("row", row_index, "", r0, r1, parent, kind="table")
        node.table = TableRow(title=table.title, header=list(table.header), cells=list(row))
        if parent is not None:
            parent.children += 1
        state.nodes.append(node)
    tail = text[cursor : table.end]
    if tail.strip():
        t0 = cursor + len(tail) - len(tail.lstrip())
        _process_line(state, t0, cursor + len(tail.rstrip()))


def _path_item(node: _Node) -> str:
    if not node.number:
        return node.heading or node.number
    if not node.heading:
        return node.number
    sep = " " if node.family in _WORD_LABELS else ""
    return f"{node.number}{sep}{node.heading}"


def segment(text: str, doc_id: str, tables: Sequence[TableBlock] = ()) -> list[Clause]:
    """Split a cleaned document into numbered clauses.

    Args:
        text: the cleaned, simplified document text; clause offsets index into it.
        doc_id: the document id (file stem), used for clause ids ``f"{doc_id}:{seq:04d}"``.
        tables: tables already rewritten row-wise into ``text``; each row becomes a table clause.

    Returns:
        Clauses in document order; ``text[c.start:c.end] == c.text`` for each, spans disjoint.
    """
    state = _State(text, of_articles=len(_RE_ARTICLE_LINE.findall(text, 0, 200_000)) >= 3)
    regions: list[tuple[int, int, TableBlock | None]] = []
    cursor = 0
    for table in sorted(tables, key=lambda t: t.start):
        if table.start < cursor or table.end > len(text):
            continue
        regions.append((cursor, table.start, None))
        regions.append((table.start, table.end, table))
        cursor = table.end
    regions.append((cursor, len(text), None))
    for r0, r1, table in regions:
        if table is not None:
            _add_table(state, table)
            continue
        line_start = r0
        while line_start < r1:
            nl = text.find("\n", line_start, r1)
            line_end = r1 if nl < 0 else nl
            _process_line(state, line_start, line_end)
            line_start = line_end + 1
    _fold_contents(state)
    return _to_clauses(state, doc_id)


def _fold_contents(state: _State) -> None:
    """A 目录 block (headings listed without bodies, then the same numbering starts again) becomes one
    clause "目录" outside every path, instead of a clause per listed heading."""
    text = state.text
    nodes = sorted(state.nodes, key=lambda n: n.start)
    i = 0
    while i < len(nodes):
        first, j = nodes[i], i
        while j < len(nodes) and _listed_heading(text, nodes[j]):
            if j > i and nodes[j].family == first.family and nodes[j].value == first.value:
                break
            j += 1
        restart = j < len(nodes) and nodes[j].family == first.family and nodes[j].value == first.value
        if j - i >= 2 and restart:
            start = first.start
            if i > 0 and nodes[i - 1].family == "para" and _RE_TOC_LINE.fullmatch(text[nodes[i - 1].start : nodes[i - 1].end].strip()):
                start = nodes[i - 1].start
                nodes[i - 1].end = nodes[i - 1].start  # emptied: dropped as a clause
            toc = _Node("para", 0, "", start, nodes[j - 1].end, None, heading="目录", heading_only=True)
            for n in nodes[i:j]:
                n.end = n.start  # emptied: dropped as a clause
            state.nodes.append(toc)
            i = j
        else:
            i = max(j, i + 1)


def _listed_heading(text: str, node: _Node) -> bool:
    """A part/chapter/section heading with no body after it."""
    return (
        node.family in ("part", "subpart", "chapter", "section")
        and node.heading_only
        and "\n" not in text[node.start : node.end]
    )


def _to_clauses(state: _State, doc_id: str) -> list[Clause]:
    text = state.text
    nodes = [n for n in state.nodes if text[n.start : n.end].strip()]
    nodes.sort(key=lambda n: n.start)
    ids: dict[int, str] = {}
    clauses: list[Clause] = []
    for seq, node in enumerate(nodes):
        ids[id(node)] = f"{doc_id}:{seq:04d}"
    for seq, node in enumerate(nodes):
        path: list[str] = []
        parent = node.parent
        while parent is not None and id(parent) not in ids:
            parent = parent.parent
        anc = parent
        while anc is not None:
            if id(anc) in ids:
                path.append(_path_item(anc))
            anc = anc.parent
        path.reverse()
        clauses.append(
            Clause(
                id=ids[id(node)],
                doc_id=doc_id,
                seq=seq,
                number=node.number,
                path=[p for p in path if p],
                heading=node.heading,
                text=text[node.start : node.end],
                start=node.start,
                end=node.end,
                kind=node.kind,  # type: ignore[arg-type]
                table=node.table,
                parent_id=ids[id(parent)] if parent is not None else None,
            )
        )
    return clauses


def coverage(text: str, clauses: Sequence[Clause]) -> float:
    """Share of the non-whitespace characters of ``text`` that lie inside some clause (1.0 for empty text)."""
    total = sum(1 for c in text if not c.isspace())
    if total == 0:
        return 1.0
    covered = [False] * len(text)
    for c in clauses:
        for i in range(max(c.start, 0), min(c.end, len(text))):
            covered[i] = True
    inside = sum(1 for i, c in enumerate(text) if covered[i] and not c.isspace())
    return inside / total


def citation(path: Sequence[str], number: str) -> str:
    """Compact reference from a clause's path and number: ["三、重点任务", "（一）设施建设"], "6." -> "三（一）6".

    Word labels stay whole (第二章第十二条); paragraphs and table titles without a label are skipped.
    """
    parts: list[str] = []
    for item in [*path, number]:
        m = _RE_CITE_LABEL.match(item.strip()) if item else None
        if not m:
            continue
        word, paren, cn, ar, circ, shi, box = m.groups()
        if word or box:
            parts.append(word or box)
        elif paren:
            parts.append(f"（{paren}）")
        elif cn:
            parts.append(cn)
        elif ar:
            parts.append(ar)
        elif circ:
            parts.append(circ)
        elif shi:
            parts.append(("·" if parts and parts[-1][-1] in _CN else "") + f"{shi}是")
    return "".join(parts)
