"""Cleaning steps that drop whole lines: page footers, site chrome with the ads between it, repeated bodies.

Each step decides on the plain lines and keeps the chosen ones with their map (``kb.ingest.offsets``); like every
cleaning step it also takes and returns a plain ``str``. :mod:`kb.ingest.clean` runs them in order.
"""

from __future__ import annotations

import re

from kb.ingest.offsets import MappedText, text_step
from kb.ingest.tables import TABLE_START_RE
from kb.models import TABLE_END

NUMBER_MARK = (
    r"(?:[一二三四五六七八九十]{1,3}(?:、|是)|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、](?!\d)"
    r"|第[一二三四五六七八九十百零〇\d]{1,5}[章节条]|[①-⑳])"
)  # an official numbering mark: 一、 （一） 1. 第一条 ①
_NUMBERED_LINE = re.compile(rf"{NUMBER_MARK}[ \t\u3000\xa0]*[\u4e00-\u9fff]")

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


@text_step
def drop_page_footers(text: MappedText) -> MappedText:
    """Drop page-number lines: ``— 1 —``, ``- 2 -``, ``第3页 共5页``."""
    return MappedText.join([ln for ln in text.lines() if not _PAGE_FOOTER.match(ln.text.strip())])


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


@text_step
def drop_site_chrome(text: MappedText) -> MappedText:
    """Drop site-chrome lines and the short ad lines sandwiched between them (seed 004's vendor ads).

    A run of at most four short lines (≤45 characters, not a sentence) with chrome lines on both
    sides is dropped with them; so are such runs before the first / after the last chrome line
    when they touch the start / end of the text.
    """
    mapped = text.lines()
    lines = [ln.text for ln in mapped]
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
    for i, ln in enumerate(mapped):
        if i not in drop:
            out.append(ln)
        elif chrome[i] and (m := _PUB_DATE.search(ln.text)):  # keep the publication date of a 来源/时间/访问量 line
            out.append(MappedText.literal(f"发布日期：{m.group(1)}", ln.source(0)))
    return MappedText.join(out)


@text_step
def dedupe_repeated_body(text: MappedText) -> MappedText:
    """Keep one copy of a body that the page repeats (seed 004): drop later repeats of line runs.

    A run of at least three consecutive lines (and 100 characters) that already appeared in the
    same order earlier is removed. TABLE-block lines never match.
    """
    mapped = text.lines()
    lines = [ln.text for ln in mapped]
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
    return MappedText.join([ln for ln, kp in zip(mapped, keep) if kp])

