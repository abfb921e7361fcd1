"""Pure str -> str cleaning steps. (Owner: readers helper.)

Each step is a small pure function with its own tests; :func:`clean_text` runs them in order
(everything but 繁->简, which :func:`to_simplified` does, so the original characters stay
available for display). Text keeps one paragraph per line.

Flattened web tables are turned into ``[[TABLE n]]`` blocks first (their layout, blank lines and
no-break-space separators, is what identifies them and does not survive whitespace cleaning);
inside TABLE blocks only cell-level steps run, so empty cells and the block shape are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from kb.ingest.tables import TABLE_START_RE, mark_flat_tables
from kb.models import TABLE_END

# --------------------------------------------------------------------------- patterns

_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK_CLASS}]")
_FW_PUNCT = "，。、；：？！“”‘’《》（）【】〔〕「」『』…—·"
_CJKISH = re.compile(f"[{_CJK_CLASS}{_FW_PUNCT}]")

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_GLOSS = re.compile(
    rf"(?<=[{_CJK_CLASS}])[(（]\s*(?=[a-z{_TONED}ü]*[{_TONED}])[a-z{_TONED}ü]{{1,7}}\s*[)）]"
)

_FULLWIDTH_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ]")
_FW_DOT = re.compile(r"(?<=\d)．(?=\d)")
_FW_RATIO = re.compile(r"(?<=\d)：(?=\d)")
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
_LETTER_RUN = re.compile(rf"(?<![{_CJK_CLASS}])[{_CJK_CLASS}](?: {{1,3}}[{_CJK_CLASS}]){{2,}}(?![{_CJK_CLASS}])")
_HEADING_SPACED = re.compile(
    rf"^(第[一二三四五六七八九十百零〇\d]+[章节编])\s+([{_CJK_CLASS}])\s+([{_CJK_CLASS}])$"
)

_NUMBER_MARK = (
    r"(?:[一二三四五六七八九十]{1,3}(?:、|是)|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、](?!\d)"
    r"|第[一二三四五六七八九十百零〇\d]{1,5}[章节条]|[①-⑳])"
)
_NUMBERED_LINE = re.compile(rf"{_NUMBER_MARK}[ \t\u3000\xa0]*[\u4e00-\u9fff]")
_HEADING_THEN_BODY = re.compile(
    rf"^([一二三四五六七八九十]{{1,3}}、[^\s。；]{{2,30}})[ \t\u3000\xa0]+(?=[^\s（(]{{10,}})", re.M
)
_DIGIT_CJK_SPACE = re.compile(rf"(?<=\d) (?=[{_CJK_CLASS}])|(?<=[{_CJK_CLASS}〕）]) (?=\d{{1,4}}(?![\d\-.．、]))")
_RUN_ON_SPLIT = re.compile(rf"(?<=[{_CJK_CLASS}。；：！？”）)」』])[ \t\u3000\xa0]+(?={_NUMBER_MARK})")

_PAGE_FOOTER = re.compile(
    r"^(?:[—–\-－―－~～]{1,3}\s*\d{1,4}\s*[—–\-－―~～]{1,3}|第\s*\d{1,4}\s*页(?:\s*[/，,、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.I,
)

_CHROME_EXACT = frozenset(
    "打印 分享 分享到 首页 评论 top 收藏 全屏 下载 加大 还原 减小 】 【 关闭 返回 返回顶部 文章正文 正文 "
    "扫一扫 打印本页 关闭窗口 【打印】 【关闭】 [打印] [关闭] 上一篇 下一篇 网站地图 无障碍 繁体 简体 登录 注册 "
    "搜索 字号 大 中 小 【字号 【字号: 【字号： 相关阅读 相关链接 相关报道 相关文章 相关新闻 相关文件 "
    "微信 微博 qq空间 二维码 手机版 用户登录 联系我们".split()
)
_CHROME_STRONG = re.compile(
    r"版权所有|copyright|©|icp备|icp证|公网安备|网站标识码|预约演示|预约体验|免责声明|凡本站|本站及其子站|^友情链接",
    re.I,
)
_TITLE_LIKE = re.compile(
    r"关于|〔\d{4}〕|(?:通知|意见|方案|规划|办法|条例|细则|决定|公告|通告|批复|答复|报告|规定|措施)[》”]?\s*$"
)
_PUB_DATE = re.compile(r"(?:发布日期|发布时间|时间)\s*[:：]\s*(\d{4}-\d{1,2}-\d{1,2})")
_BREADCRUMB = re.compile(r"^(?:当前位置[:：]?|首页\s*[>＞»›])")
_LATIN_ONLY = re.compile(r"^[A-Za-z][A-Za-z .,'&-]*$")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|^\d{4}-\d{1,2}-\d{1,2}")
_CHROME_WEAK = re.compile(
    r"提交预约|立即预约|免费试用|字体大小|字号[:：]|【字号|责任编辑|^来源[:：]|访问量|浏览量|浏览次数|阅读量|阅读次数|"
    r"点击量|点击数|点击率|联系我们|更多联系方式|留下您的|扫码|扫一扫|客服微信|关注我们|服务时间|营业执照|"
    r"^相关(?:阅读|链接|报道|文章|新闻|文件)|^首页\s|上一篇|下一篇|返回顶部|打印本页|关闭窗口|\[\s*\]\s*打印|"
    r"^分享[:：]|^【?打印】?\s+【?关闭】?$|400-\d{3}-\d{4}",
    re.I,
)
_SANDWICH_GAP = 4
_SANDWICH_LEN = 45

_DUP_MIN_LINES = 3
_DUP_MIN_CHARS = 100

# --------------------------------------------------------------------------- steps


def normalize_newlines(text: str) -> str:
    """CRLF/CR -> LF; drop zero-width characters, soft hyphens and control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = _ZERO_WIDTH.sub("", text)
    return _CONTROL.sub("", text)


def strip_pinyin_glosses(text: str) -> str:
    """Remove toned pinyin glosses after characters: ``系統(tǒng)`` -> ``系統``.

    Only lower-case latin with at least one tone mark, right after a CJK character; real
    parentheses (``(责任单位:…)``, ``(2021—2025年)``) are kept.
    """
    return _PINYIN_GLOSS.sub("", text)


def _fw_alnum(m: re.Match[str]) -> str:
    return chr(ord(m.group(0)) - 0xFEE0)


def _is_cjkish(ch: str) -> bool:
    return bool(ch) and bool(_CJKISH.match(ch))


def normalize_width(text: str) -> str:
    """Full/half-width normalisation for Chinese text.

    Full-width digits/letters -> ASCII (``２０２１`` -> ``2021``, ``３．５`` -> ``3.5``, ``1：500`` ->
    ``1:500``); ASCII ``, ; : ? !`` next to Chinese -> ``， ； ： ？ ！``; ``( )`` around Chinese ->
    ``（ ）``. Decimal points, ``1,000``, ``9:00``, ``1:500`` and URLs stay as they are.
    """
    text = _FULLWIDTH_ALNUM.sub(_fw_alnum, text)
    text = _FW_DOT.sub(".", text)
    text = _FW_RATIO.sub(":", text)
    text = text.replace("％", "%")

    prev = None
    while prev != text:  # each pass only turns ASCII marks full-width, so this ends
        prev = text
        text = _PAREN_PAIR.sub(r"（\1）", text)
        text = _FW_PAREN_HALF.sub(lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）", text)
        text = _ASCII_MARKS.sub(lambda m: _ascii_marks(m, text), text)
        text = _ASCII_QE.sub(lambda m: "？" if m.group(0) == "?" else "！", text)
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


def collapse_punctuation(text: str) -> str:
    """Doubled or odd punctuation runs -> the strongest single mark.

    ``，，`` -> ``，``; ``，、`` / ``、，`` -> ``、``; ``，。`` -> ``。`` (rank 。 > ； > ： > 、 > ，).
    Run after :func:`normalize_width` (ASCII marks next to Chinese are full-width by then).
    """
    return _PUNCT_RUN.sub(_strongest, text)


def strip_glued_spam(text: str) -> str:
    """Remove a short ad word + phone number glued into text: ``…的通知惠阳保姆13825404095`` -> ``…的通知``.

    The ad word is the run of 2-6 characters before the number that starts after punctuation,
    after a document-type word (通知, 方案…), or equals an ad word found that way elsewhere in the
    text. Numbers introduced by 电话/热线/咨询… are contact details and kept.
    """
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

    return _GLUED_PHONE.sub(repl, text)


def normalize_whitespace(text: str) -> str:
    """One paragraph per line: spaces collapsed, lines stripped, blank lines dropped."""
    lines = (_SPACE_RUN.sub(" ", ln).strip() for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


def join_letter_spaced(text: str) -> str:
    """Join letter-spaced headings from PDFs: ``山 东 省 商 务 厅`` -> ``山东省商务厅``.

    Runs of three or more single characters separated by spaces, a whole line of single
    characters (``附 件``), and ``第一章 总 则`` -> ``第一章 总则``.
    """
    out = []
    for line in text.split("\n"):
        tokens = line.split()
        if len(tokens) >= 2 and all(len(t) == 1 and _CJK_CHAR.match(t) for t in tokens):
            line = "".join(tokens)
        else:
            line = _LETTER_RUN.sub(lambda m: m.group(0).replace(" ", ""), line)
            line = _HEADING_SPACED.sub(r"\1 \2\3", line)
        out.append(line)
    return "\n".join(out)


def split_run_on_paragraphs(text: str) -> str:
    """Break a line at a space that precedes a numbering marker (seed 000 is one single line).

    ``…需求。 一、高位推动…合力 一是构建…`` -> three lines. Only spaces after a Chinese character or
    closing punctuation count, so ``1.5`` or ``版本 2.0`` are untouched. A ``三、`` heading followed by a
    space and its body (``三、创新思路，拓宽融资渠道 2022年，争取…``) is split after the heading.
    """
    text = _RUN_ON_SPLIT.sub("\n", text)
    return _HEADING_THEN_BODY.sub(r"\1\n", text)


def tighten_digit_spaces(text: str) -> str:
    """Drop the single space PDFs put between digits and Chinese: ``2025 年`` -> ``2025年``, ``〔2025〕1 号`` -> ``〔2025〕1号``."""
    return _DIGIT_CJK_SPACE.sub("", text)


_WRAP_END = re.compile(r"[。；！？：:;!?]$|[。；！？][”’」』）)]$")
_WRAP_NEXT = re.compile(
    rf"^(?:{_NUMBER_MARK}|附件|附表|[（(]此件|抄送|印发|\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*$)"
)
_WRAP_MIN_LINES = 10


def _width(line: str) -> float:
    """Display width: CJK and full-width marks count 1, ASCII 0.5."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in line)


def reflow_wrapped_lines(text: str) -> str:
    """Re-join paragraphs that a PDF text layer wrapped at the page width.

    Runs only when the text looks wrapped: many lines reach the common full width without
    ending a sentence. A full-width line that does not end a sentence is then joined with the
    next line unless that one starts a numbered item, an attachment or a date line.
    """
    lines = text.split("\n")
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
    out: list[str] = []
    join_next = False
    for i, ln in enumerate(lines):
        s = ln.strip()
        if join_next and out and s and not _WRAP_NEXT.match(s) and not TABLE_START_RE.match(s):
            sep = " " if out[-1][-1:].isascii() and out[-1][-1:].isalnum() and s[:1].isascii() and s[:1].isalnum() else ""
            out[-1] = out[-1] + sep + s
        else:
            out.append(ln)
        join_next = 0.85 * full <= widths[i] <= 1.15 * full and not _WRAP_END.search(s)
    return "\n".join(out)


def drop_page_footers(text: str) -> str:
    """Drop page-number lines: ``— 1 —``, ``- 2 -``, ``第3页 共5页``."""
    return "\n".join(ln for ln in text.split("\n") if not _PAGE_FOOTER.match(ln.strip()))


def is_chrome_line(line: str) -> bool:
    """True for a site-chrome line: 版权所有, ICP备, 字体大小, 打印, 分享, 来源/访问量, 联系我们, 扫码…"""
    s = line.strip()
    if not s:
        return False
    key = s.lower().rstrip(":：")
    if key in _CHROME_EXACT or all(tok.lower().rstrip(":：") in _CHROME_EXACT for tok in s.split()):
        return True
    if len(s) <= 120 and (_CHROME_STRONG.search(s) or _BREADCRUMB.match(s)):
        return True
    # "第二十七条 …吊销营业执照：" is body text: a weak chrome word in a numbered line does not make it chrome
    return len(s) <= 60 and not s.endswith("。") and bool(_CHROME_WEAK.search(s)) and not _NUMBERED_LINE.match(s)


def drop_site_chrome(text: str) -> str:
    """Drop site-chrome lines and the short ad lines sandwiched between them (seed 004's vendor ads).

    A run of at most four short lines (≤45 characters, not a sentence) with chrome lines on both
    sides is dropped with them; so are such runs before the first / after the last chrome line
    when they touch the start / end of the text.
    """
    lines = text.split("\n")
    chrome = [is_chrome_line(ln) for ln in lines]
    idx = [i for i, c in enumerate(chrome) if c]
    if not idx:
        return text
    drop = set(idx)

    def short(i: int) -> bool:
        s = lines[i].strip()
        return not s or (len(s) <= _SANDWICH_LEN and not s.endswith("。"))

    for a, b in zip(idx, idx[1:]):
        gap = range(a + 1, b)
        if 0 < len([i for i in gap if lines[i].strip()]) <= _SANDWICH_GAP and all(short(i) for i in gap):
            if not any(_TITLE_LIKE.search(lines[i]) for i in gap):  # breadcrumb, title, 发布日期 line
                drop.update(gap)
    head = range(0, idx[0]) if idx[0] <= 6 else range(0)
    drop.update(i for i in head if _LATIN_ONLY.match(lines[i].strip()))
    tail = [i for i in range(idx[-1] + 1, len(lines)) if lines[i].strip()]
    if len(tail) <= 2 and all(
        len(lines[i].strip()) <= 80 and "。" not in lines[i] and not _DATE_LINE.match(lines[i].strip()) for i in tail
    ):
        drop.update(tail)
    out = []
    for i, ln in enumerate(lines):
        if i not in drop:
            out.append(ln)
        elif chrome[i] and (m := _PUB_DATE.search(ln)):
            out.append(f"发布日期：{m.group(1)}")  # keep the publication date of a 来源/时间/访问量 line
    return "\n".join(out)


def dedupe_repeated_body(text: str) -> str:
    """Keep one copy of a body that the page repeats (seed 004): drop later repeats of line runs.

    A run of at least three consecutive lines (and 100 characters) that already appeared in the
    same order earlier is removed. TABLE-block lines never match.
    """
    lines = text.split("\n")
    first: dict[str, int] = {}
    in_table = False
    table_line = []
    for ln in lines:
        s = ln.strip()
        if TABLE_START_RE.match(s):
            in_table = True
        table_line.append(in_table)
        if s == TABLE_END:
            in_table = False
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        j = first.get(s) if s and not table_line[i] else None
        if j is None:
            if s and not table_line[i]:
                first.setdefault(s, i)
            i += 1
            continue
        k = 0
        chars = 0
        while (
            i + k < len(lines)
            and j + k < i
            and not table_line[i + k]
            and not table_line[j + k]
            and lines[i + k].strip() == lines[j + k].strip()
        ):
            chars += len(lines[i + k].strip())
            k += 1
        nonblank = sum(1 for t in range(i, i + k) if lines[t].strip())
        if nonblank >= _DUP_MIN_LINES and chars >= _DUP_MIN_CHARS:
            for t in range(i, i + k):
                keep[t] = False
            i += k
        else:
            i += 1
    return "\n".join(ln for ln, kp in zip(lines, keep) if kp)


# --------------------------------------------------------------------------- pipeline

TEXT_STEPS: tuple[Callable[[str], str], ...] = (
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


def clean_cell(cell: str) -> str:
    """Cell-level cleaning inside TABLE blocks: glosses, width, punctuation, spaces (never drops the cell)."""
    cell = strip_pinyin_glosses(cell)
    cell = normalize_width(cell)
    cell = collapse_punctuation(cell)
    return _SPACE_RUN.sub(" ", cell).strip()


def _segments(text: str) -> list[tuple[bool, list[str]]]:
    """Split lines into (is_table, lines) segments; a table segment runs from marker to marker."""
    segs: list[tuple[bool, list[str]]] = []
    cur: list[str] = []
    in_table = False
    for ln in text.split("\n"):
        s = ln.strip()
        if not in_table and TABLE_START_RE.match(s):
            if cur:
                segs.append((False, cur))
            cur, in_table = [s], True
            continue
        cur.append(ln)
        if in_table and s == TABLE_END:
            segs.append((True, cur))
            cur, in_table = [], False
    if cur:
        segs.append((in_table, cur))
    return segs


def clean_text(text: str) -> str:
    """All cleaning steps but 繁->简, in order.

    Args:
        text: a reader's text (TABLE blocks allowed).

    Returns:
        Clean text, one paragraph per line, TABLE blocks kept (cells cleaned). Idempotent.
    """
    text = normalize_newlines(text)
    text = mark_flat_tables(text)
    parts: list[str] = []
    for is_table, lines in _segments(text):
        if is_table and lines[-1].strip() == TABLE_END:
            parts.append("\n".join([lines[0], *(clean_cell(c) for c in lines[1:-1]), TABLE_END]))
            continue
        chunk = "\n".join(lines)
        for step in TEXT_STEPS:
            chunk = step(chunk)
        if chunk.strip():
            parts.append(chunk)
    return normalize_whitespace_outside_tables(dedupe_repeated_body("\n".join(parts)))


def normalize_whitespace_outside_tables(text: str) -> str:
    """Drop blank lines outside TABLE blocks (inside, a blank line is an empty cell)."""
    out: list[str] = []
    for is_table, lines in _segments(text):
        out.extend(lines if is_table else [ln for ln in lines if ln.strip()])
    return "\n".join(out)


@lru_cache(maxsize=1)
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> simplified (OpenCC ``t2s``)."""
    if not text:
        return text
    return _converter().convert(text)  # type: ignore[attr-defined]
