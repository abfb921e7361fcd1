"""Pure cleaning steps, each carrying the map back to the source. (Owner: readers helper.)

Each step is a small pure function with its own tests; :func:`clean_text` runs them in order
(everything but 繁->简, which :func:`to_simplified` does, so the original characters stay
available for display). Text keeps one paragraph per line. A step takes and returns a
:class:`~kb.ingest.offsets.MappedText` (the text and, per character, its source offset), so the
pipeline finds pages and spans in the source without cleaning again; given a plain ``str`` a
step returns a plain ``str``. The steps that drop whole lines live in :mod:`kb.ingest.boilerplate`.

Flattened web tables are turned into ``[[TABLE n]]`` blocks first (their layout, blank lines and
no-break-space separators, is what identifies them and does not survive whitespace cleaning);
inside TABLE blocks only cell-level steps run, so empty cells and the block shape are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from kb.ingest.boilerplate import NUMBER_MARK, dedupe_repeated_body, drop_page_footers, drop_site_chrome
from kb.ingest.offsets import MappedText, text_step
from kb.ingest.tables import TABLE_START_RE, mark_flat_tables
from kb.models import TABLE_END

# --------------------------------------------------------------------------- patterns

_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK_CLASS}]")
_FW_PUNCT = "，。、；：？！“”‘’《》（）【】〔〕「」『』…—·"
_CJKISH = re.compile(f"[{_CJK_CLASS}{_FW_PUNCT}]")

_NEWLINE = re.compile(r"\r\n?|[\f\v]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_GLOSS = re.compile(
    rf"(?<=[{_CJK_CLASS}])[(（]\s*(?=[a-z{_TONED}ü]*[{_TONED}])[a-z{_TONED}ü]{{1,7}}\s*[)）]"
)

_FULLWIDTH_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ]")
_FW_DOT = re.compile(r"(?<=\d)．(?=\d)")
_FW_RATIO = re.compile(r"(?<=\d)：(?=\d)")
_FW_PERCENT = re.compile("％")
_ASCII_MARKS = re.compile(r"[,;:]+")
_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "："})
_ASCII_QE = re.compile(rf"(?<=[{_CJK_CLASS}])[?!](?=[{_CJK_CLASS}{_FW_PUNCT}]|\s|$)", re.M)
_PAREN_PAIR = re.compile(rf"\(([^()\n]{{0,120}}?[{_CJK_CLASS}][^()\n]{{0,120}}?)\)")
_FW_PAREN_HALF = re.compile(rf"（([^（）()\n]{{0,120}})\)|\(([^（）()\n]{{0,120}})）")

_PUNCT_RUN = re.compile(r"[，、。；：](?:[ \t\u3000\xa0]*[，、。；：])+")
_PUNCT_RANK = {"。": 5, "；": 4, "：": 3, "、": 2, "，": 1}

_PHONE = r"(?:1[3-9]\d{9}|400-?\d{3}-?\d{4}|0\d{2,3}-\d{7,8})"
_GLUED_PHONE = re.compile(rf"([{_CJK_CLASS}]{{2,12}})({_PHONE})(?!\d)")
_CONTACT_WORD = re.compile(r"电话|热线|手机|联系|咨询|客服|传真|座机|拨打")
_DOC_SUFFIX = re.compile(r"(通知|意见|方案|规划|办法|条例|细则|决定|公告|通告|函|报告|批复|答复|纪要|要点|规定|措施)$")
_SPAM_BOUNDARY = re.compile(rf"[^{_CJK_CLASS}]$|^$")

_SPACE_RUN = re.compile(r"[ \t\u3000\xa0\u2002\u2003\u2009]+")
_WHITESPACE = re.compile(r"\s+")
_LETTER_RUN = re.compile(rf"(?<![{_CJK_CLASS}])[{_CJK_CLASS}](?: {{1,3}}[{_CJK_CLASS}]){{2,}}(?![{_CJK_CLASS}])")
_HEADING_SPACED = re.compile(
    rf"^(第[一二三四五六七八九十百零〇\d]+[章节编])\s+([{_CJK_CLASS}])\s+([{_CJK_CLASS}])$"
)

_HEADING_THEN_BODY = re.compile(
    rf"^([一二三四五六七八九十]{{1,3}}、[^\s。；]{{2,30}})[ \t\u3000\xa0]+(?=[^\s（(]{{10,}})", re.M
)
_DIGIT_CJK_SPACE = re.compile(rf"(?<=\d) (?=[{_CJK_CLASS}])|(?<=[{_CJK_CLASS}〕）]) (?=\d{{1,4}}(?![\d\-.．、]))")
_RUN_ON_SPLIT = re.compile(rf"(?<=[{_CJK_CLASS}。；：！？”）)」』])[ \t\u3000\xa0]+(?={NUMBER_MARK})")


# --------------------------------------------------------------------------- steps


@text_step
def normalize_newlines(text: MappedText) -> MappedText:
    """CRLF/CR -> LF; drop zero-width characters, soft hyphens and control characters."""
    text = text.sub(_NEWLINE, "\n")
    text = text.sub(_ZERO_WIDTH, "")
    return text.sub(_CONTROL, "")


@text_step
def strip_pinyin_glosses(text: MappedText) -> MappedText:
    """Remove toned pinyin glosses after characters: ``系統(tǒng)`` -> ``系統``.

    Only lower-case latin with at least one tone mark, right after a CJK character; real
    parentheses (``(责任单位:…)``, ``(2021—2025年)``) are kept.
    """
    return text.sub(_PINYIN_GLOSS, "")


def _fw_alnum(m: re.Match[str]) -> str:
    return chr(ord(m.group(0)) - 0xFEE0)


def _is_cjkish(ch: str) -> bool:
    return bool(ch) and bool(_CJKISH.match(ch))


@text_step
def normalize_width(text: MappedText) -> MappedText:
    """Full/half-width normalisation for Chinese text.

    Full-width digits/letters -> ASCII (``２０２１`` -> ``2021``, ``３．５`` -> ``3.5``, ``1：500`` ->
    ``1:500``); ASCII ``, ; : ? !`` next to Chinese -> ``， ； ： ？ ！``; ``( )`` around Chinese ->
    ``（ ）``. Decimal points, ``1,000``, ``9:00``, ``1:500`` and URLs stay as they are.
    """
    text = text.sub(_FULLWIDTH_ALNUM, _fw_alnum)
    text = text.sub(_FW_DOT, ".")
    text = text.sub(_FW_RATIO, ":")
    text = text.sub(_FW_PERCENT, "%")

    prev = None
    while prev != text.text:  # each pass only turns ASCII marks full-width, so this ends
        prev = text.text
        text = text.sub(_PAREN_PAIR, r"（\1）")
        text = text.sub(_FW_PAREN_HALF, lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）")
        before = text.text
        text = text.sub(_ASCII_MARKS, lambda m: _ascii_marks(m, before))
        text = text.sub(_ASCII_QE, lambda m: "？" if m.group(0) == "?" else "！")
    return text


def _ascii_marks(m: re.Match[str], text: str) -> str:
    s, e = m.start(), m.end()
    run = m.group(0)
    before = text[s - 1] if s > 0 else ""
    after = text[e] if e < len(text) else ""
    if before.isdigit() and after.isdigit() and len(set(run)) == 1 and run[0] in ",:":
        return run  # 1,000  9:00  1:500
    if _is_cjkish(before) or _is_cjkish(after) or (before in "%）)" and before and not after.isdigit()):
        return run.translate(_TO_FULL)
    return run


def _strongest(m: re.Match[str]) -> str:
    marks = [c for c in m.group(0) if c in _PUNCT_RANK]
    return max(marks, key=lambda c: _PUNCT_RANK[c])


@text_step
def collapse_punctuation(text: MappedText) -> MappedText:
    """Doubled or odd punctuation runs -> the strongest single mark.

    ``，，`` -> ``，``; ``，、`` / ``、，`` -> ``、``; ``，。`` -> ``。`` (rank 。 > ； > ： > 、 > ，).
    Run after :func:`normalize_width` (ASCII marks next to Chinese are full-width by then).
    """
    return text.sub(_PUNCT_RUN, _strongest)


@text_step
def strip_glued_spam(mapped: MappedText) -> MappedText:
    """Remove a short ad word + phone number glued into text: ``…的通知惠阳保姆13825404095`` -> ``…的通知``.

    The ad word is the run of 2-6 characters before the number that starts after punctuation,
    after a document-type word (通知, 方案…), or equals an ad word found that way elsewhere in the
    text. Numbers introduced by 电话/热线/咨询… are contact details and kept.
    """
    text = mapped.text
    ads: set[str] = set()
    for m in _GLUED_PHONE.finditer(text):
        run = m.group(1)
        before = text[: m.start(1)]
        if len(run) <= 6 and _SPAM_BOUNDARY.search(before) and not _CONTACT_WORD.search(run):
            ads.add(run)

    def repl(m: re.Match[str]) -> str:
        run = m.group(1)
        before = text[: m.start(1)]
        if _CONTACT_WORD.search(run[-6:]):
            return m.group(0)
        for ad in sorted(ads, key=len, reverse=True):
            if run.endswith(ad):
                return run[: -len(ad)]
        if len(run) <= 6 and _SPAM_BOUNDARY.search(before):
            return ""
        for k in range(2, 7):
            if k < len(run) and _DOC_SUFFIX.search(run[:-k]):
                return run[:-k]
        return m.group(0)

    return mapped.sub(_GLUED_PHONE, repl)


@text_step
def normalize_whitespace(text: MappedText) -> MappedText:
    """One paragraph per line: spaces collapsed, lines stripped, blank lines dropped."""
    lines = (ln.strip() for ln in text.sub(_SPACE_RUN, " ").lines())  # a space run never holds a line break
    return MappedText.join([ln for ln in lines if ln.text])


@text_step
def join_letter_spaced(text: MappedText) -> MappedText:
    """Join letter-spaced headings from PDFs: ``山 东 省 商 务 厅`` -> ``山东省商务厅``.

    Runs of three or more single characters separated by spaces, a whole line of single
    characters (``附 件``), and ``第一章 总 则`` -> ``第一章 总则``.
    """
    out = []
    for line in text.lines():
        tokens = line.text.split()
        if len(tokens) >= 2 and all(len(t) == 1 and _CJK_CHAR.match(t) for t in tokens):
            line = line.sub(_WHITESPACE, "")
        else:
            line = line.sub(_LETTER_RUN, lambda m: m.group(0).replace(" ", ""))
            line = line.sub(_HEADING_SPACED, r"\1 \2\3")
        out.append(line)
    return MappedText.join(out)


@text_step
def split_run_on_paragraphs(text: MappedText) -> MappedText:
    """Break a line at a space that precedes a numbering marker (seed 000 is one single line).

    ``…需求。 一、高位推动…合力 一是构建…`` -> three lines. Only spaces after a Chinese character or
    closing punctuation count, so ``1.5`` or ``版本 2.0`` are untouched. A ``三、`` heading followed by a
    space and its body (``三、创新思路，拓宽融资渠道 2022年，争取…``) is split after the heading.
    """
    text = text.sub(_RUN_ON_SPLIT, "\n")
    return text.sub(_HEADING_THEN_BODY, r"\1\n")


@text_step
def tighten_digit_spaces(text: MappedText) -> MappedText:
    """Drop the single space PDFs put between digits and Chinese: ``2025 年`` -> ``2025年``, ``〔2025〕1 号`` -> ``〔2025〕1号``."""
    return text.sub(_DIGIT_CJK_SPACE, "")


_WRAP_END = re.compile(r"[。；！？：:;!?]$|[。；！？][”’」』）)]$")
_WRAP_NEXT = re.compile(
    rf"^(?:{NUMBER_MARK}|附件|附表|[（(]此件|抄送|印发|\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*$)"
)
_WRAP_MIN_LINES = 10


def _width(line: str) -> float:
    """Display width: CJK and full-width marks count 1, ASCII 0.5."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in line)


@text_step
def reflow_wrapped_lines(text: MappedText) -> MappedText:
    """Re-join paragraphs that a PDF text layer wrapped at the page width.

    Runs only when the text looks wrapped: many lines reach the common full width without
    ending a sentence. A full-width line that does not end a sentence is then joined with the
    next line unless that one starts a numbered item, an attachment or a date line.
    """
    mapped = text.lines()
    lines = [ln.text for ln in mapped]
    widths = [_width(ln) for ln in lines]
    longish = sorted(w for w in widths if w >= 12)
    if len(longish) < _WRAP_MIN_LINES:
        return text
    full = longish[int(len(longish) * 0.75)]
    if full < 15:
        return text
    wrapped = [
        i for i, ln in enumerate(lines)
        if widths[i] >= 0.85 * full and widths[i] <= 1.15 * full and not _WRAP_END.search(ln.strip())
    ]
    if len(wrapped) < 0.3 * len(lines):
        return text
    out: list[MappedText] = []
    join_next = False
    for i, ln in enumerate(mapped):
        s = ln.text.strip()
        if join_next and out and s and not _WRAP_NEXT.match(s) and not TABLE_START_RE.match(s):
            end = out[-1].text[-1:]
            sep = " " if end.isascii() and end.isalnum() and s[:1].isascii() and s[:1].isalnum() else ""
            out[-1] = MappedText.join([out[-1], ln.strip()], sep)
        else:
            out.append(ln)
        join_next = 0.85 * full <= widths[i] <= 1.15 * full and not _WRAP_END.search(s)
    return MappedText.join(out)


# --------------------------------------------------------------------------- pipeline

TEXT_STEPS: tuple[Callable[[MappedText], MappedText], ...] = (
    strip_pinyin_glosses,
    normalize_width,
    collapse_punctuation,
    normalize_whitespace,
    join_letter_spaced,
    drop_page_footers,
    reflow_wrapped_lines,
    strip_glued_spam,
    split_run_on_paragraphs,
    tighten_digit_spaces,
    normalize_width,
    collapse_punctuation,
    split_run_on_paragraphs,
    normalize_whitespace,
    drop_site_chrome,
)


@text_step
def clean_cell(cell: MappedText) -> MappedText:
    """Cell-level cleaning inside TABLE blocks: glosses, width, punctuation, spaces (never drops the cell)."""
    cell = strip_pinyin_glosses(cell)
    cell = normalize_width(cell)
    cell = collapse_punctuation(cell)
    return cell.sub(_SPACE_RUN, " ").strip()


def _segments(text: MappedText) -> list[tuple[bool, list[MappedText]]]:
    """Split lines into (is_table, lines) segments; a table segment runs from marker to marker."""
    segs: list[tuple[bool, list[MappedText]]] = []
    cur: list[MappedText] = []
    in_table = False
    for ln in text.lines():
        s = ln.text.strip()
        if not in_table and TABLE_START_RE.match(s):
            if cur:
                segs.append((False, cur))
            cur, in_table = [ln.strip()], True
            continue
        cur.append(ln)
        if in_table and s == TABLE_END:
            segs.append((True, cur))
            cur, in_table = [], False
    if cur:
        segs.append((in_table, cur))
    return segs


@text_step
def clean_text(text: MappedText) -> MappedText:
    """All cleaning steps but 繁->简, in order.

    Args:
        text: a reader's text (TABLE blocks allowed), mapped or plain.

    Returns:
        Clean text, one paragraph per line, TABLE blocks kept (cells cleaned), mapped to the reader's text
        (plain for a plain input). Idempotent.
    """
    text = normalize_newlines(text)
    text = mark_flat_tables(text)
    parts: list[MappedText] = []
    for is_table, lines in _segments(text):
        if is_table and lines[-1].text.strip() == TABLE_END:
            parts.append(MappedText.join([lines[0], *(clean_cell(c) for c in lines[1:-1]), lines[-1].strip()]))
            continue
        chunk = MappedText.join(lines)
        for step in TEXT_STEPS:
            chunk = step(chunk)
        if chunk.text.strip():
            parts.append(chunk)
    return normalize_whitespace_outside_tables(dedupe_repeated_body(MappedText.join(parts)))


@text_step
def normalize_whitespace_outside_tables(text: MappedText) -> MappedText:
    """Drop blank lines outside TABLE blocks (inside, a blank line is an empty cell)."""
    out: list[MappedText] = []
    for is_table, lines in _segments(text):
        out.extend(lines if is_table else [ln for ln in lines if ln.text.strip()])
    return MappedText.join(out)


@lru_cache(maxsize=1)
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> simplified (OpenCC ``t2s``)."""
    if not text:
        return text
    return _converter().convert(text)  # type: ignore[attr-defined]
