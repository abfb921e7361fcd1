"""Document metadata: title, issuer, 文号, date, region/province/level, doc_type. (Owner: segment helper.)

Decisions (documented here because other stages rely on them):

* ``doc_number`` is written in GB/T 9704 form ``机关代字〔年份〕序号号``; brackets [] () 【】 ［］ ﹝﹞ become 〔〕.
  A 文号 whose brackets were lost in scraping (``浙民202165``) is repaired only when it stands alone on a
  line of the header and its year equals the document's own year. 文号 cited by the text
  (``《…意见》（国办发〔2020〕52号）``, 根据…) are never taken.
* ``date`` (ISO): the reader's 成文日期 hint; for 条例/法 the date of the version in force (the latest of the
  通过/批准/修正/修订 lines of the header); else the date standing alone on a line (the signature); else the
  publication date (hint, 发布时间/时间 field, or a timestamp line in the header).
* ``region`` is the issuing area with its suffix (周口市, 河南省, 北京市, 川汇区); ``province`` its
  province-level unit (北京市 for 北京). National documents get ``region="全国"``, ``province=""`` and
  ``level="national"``. Places come from the division table (``kb.places``); the search order is issuer, title,
  我市/我省-style phrases with the most-mentioned place, then the file name.
* ``doc_type`` is the type of the document's content: for a notice that issues another document
  (关于印发《X实施方案》的通知) it is X's type (实施方案); 通知 only when the notice is the content.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kb.models import DocHints, Metadata
from kb.places import Division as Place, divisions, find_places, province_of

_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CN_DIGIT["零"] = 0
_CN_DIGIT["O"] = 0

_DATE_CN = re.compile(
    r"((?:19|20)\d{2}|[〇零一二三四五六七八九O]{4})[ \t\u3000]*年[ \t\u3000]*"
    r"(\d{1,2}|[一二三四五六七八九十]{1,2})[ \t\u3000]*月[ \t\u3000]*(\d{1,2}|[一二三四五六七八九十]{1,3})[ \t\u3000]*日"
)
_DATE_ISO = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_PUBLISHED = re.compile(r"(?:发布时间|发布日期|发文日期|时间|日期)[ \t\u3000]*[:：]?[ \t\u3000]*((?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2})")
_OPEN = "〔[(（【［﹝"
_CLOSE = "〕])）】］﹝﹞"
_DOCNUM = re.compile(
    rf"([\u4e00-\u9fff]{{1,12}}?)[ \t\u3000]*[{re.escape(_OPEN)}][ \t\u3000]*((?:19|20)\d{{2}})[ \t\u3000]*"
    rf"[{re.escape(_CLOSE)}][ \t\u3000]*(第?\d{{1,4}})[ \t\u3000]*号"
)
_DOCNUM_BARE = re.compile(r"^([\u4e00-\u9fff]{1,10}?)((?:19|20)\d{2})(\d{1,4})号?$")
_CITE_BEFORE = re.compile(r"(》|根据|按照|依据|依照|参照|贯彻|落实)[^。\n]{0,6}$")

# Document types, longest first; value = canonical type.
_TYPES: list[tuple[str, str]] = [
    ("政府工作报告", "报告"),
    ("实施方案", "实施方案"),
    ("工作方案", "方案"),
    ("行动方案", "方案"),
    ("行动计划", "计划"),
    ("实施意见", "实施意见"),
    ("指导意见", "意见"),
    ("若干意见", "意见"),
    ("实施细则", "细则"),
    ("实施办法", "办法"),
    ("管理办法", "办法"),
    ("工作要点", "要点"),
    ("工作总结", "总结"),
    ("工作报告", "报告"),
    ("司法解释", "解释"),
    ("答复", "答复"),
    ("批复", "批复"),
    ("条例", "条例"),
    ("规划", "规划"),
    ("细则", "细则"),
    ("办法", "办法"),
    ("方案", "方案"),
    ("意见", "意见"),
    ("规定", "规定"),
    ("决定", "决定"),
    ("决议", "决议"),
    ("解释", "解释"),
    ("通知", "通知"),
    ("复函", "函"),
    ("公告", "公告"),
    ("通告", "通告"),
    ("报告", "报告"),
    ("总结", "总结"),
    ("计划", "计划"),
    ("法", "法"),
    ("函", "函"),
]
_TYPE_END = re.compile("(" + "|".join(re.escape(t) for t, _ in _TYPES) + ")")
_ISSUE_NOTICE = re.compile(r"印发[《“]?(.+?)[》”]?的通知$")
_ORG_END = re.compile(
    r"(人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|常务委员会|政府|[厅局委部署院办]|联合会|中心|等\d+部门|等[一二三四五六七八九十]+部门)$"
)
_ORG_PREFIX = re.compile(r"^(.{2,60}?)关于")
_LEGIS_LINE = re.compile(
    r"((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)[ \t\u3000]*(.*?)(?:第[一二三四五六七八九十百]+届)?"
    r"(人民代表大会(?:常务委员会)?)第[一二三四五六七八九十百]+次会议(通过|批准|修订)"
)
_LEGIS_ANY = re.compile(r"通过|批准|修正|修订|公布|发布")
# Other enacting bodies of a law's history line: a State Council decree, a court's or procuratorate's
# committee, a ministry that published a regulation the State Council approved.
_LEGIS_DECREE = re.compile(r"([\u4e00-\u9fff]{2,20}?(?:、[\u4e00-\u9fff]{2,20}?)*)令第\d+号")
_LEGIS_BODY = re.compile(
    r"((?:最高人民法院|最高人民检察院)(?:、(?:最高人民法院|最高人民检察院))*)(?:第[一二三四五六七八九十]+届)?(?:审判委员会|检察委员会)"
    r"|^经?([\u4e00-\u9fff]{2,16}?(?:、[\u4e00-\u9fff]{2,16}?)*)(?:公告|令)?(?:批准|发布|公布)[　 ]*$"
)
# A national law or regulation with no place in its title says where it applies.
_NATIONAL_SCOPE = re.compile(
    r"中华人民共和国(?:境内|境外|领域|领土|管辖)|国务院[\u4e00-\u9fff]{0,10}(?:部门|机构)|国务院各部|省、自治区、直辖市"
)
_EFFECTIVE_LINE = re.compile(r"^(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)[ \t\u3000]*(?:起)?施行$")
_EFFECTIVE_TEXT = re.compile(r"自[ \t\u3000]*((?:19|20)\d{2}[ \t\u3000]*年[ \t\u3000]*\d{1,2}[ \t\u3000]*月[ \t\u3000]*\d{1,2}[ \t\u3000]*日)[ \t\u3000]*起(?:施行|实施|执行)")
_DECREE_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,16}令第\d{1,5}号$")
# The first line of a body: everything above it is the header (title, history lines, 文号, date).
_BODY_START = re.compile(r"^(?:第[一二三四五六七八九十百千零〇\d]+[编章节条]|一、|序言|目录)")
_HEAD_LIMIT = 3000
_SENTENCE_PUNCT = re.compile(r"[。，,；;：:！？]")
_RE_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(]|\d+[.．、]|第[一二三四五六七八九十百]+[条章])")
_NATIONAL_ISSUER = re.compile(r"^(国务院|政务院|中共中央|全国人民代表大会|中华人民共和国|最高人民法院|最高人民检察院|中央军事委员会|中国人民银行|国家[\u4e00-\u9fff]{1,12}(?:局|委|委员会|署|总局)$|[\u4e00-\u9fff]{1,8}(?:部|总署|总局)$)")
_NATIONAL_DOCNUM = re.compile(r"^(国发|国办发|国办函|国函|中发|中办发)")
_WE_CITY = re.compile(r"[我本全]市")
_WE_PROVINCE = re.compile(r"[我本全]省")
_DEPT = re.compile(r"(?<![\u4e00-\u9fff])?([省市县区])([\u4e00-\u9fff]{2,6}?)(厅|局)")
_SYSTEM = re.compile(r"([\u4e00-\u9fff]{2,4})系统")
_GOV_SPEAKER = re.compile(r"^([\u4e00-\u9fff]{2,12}?人民政府)(?:省长|市长|县长|区长|主席|代省长|代市长)")
_ISSUED_LINE = re.compile(r"((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)[ \t\u3000]*印发$")
_MD_TITLE = re.compile(r"^#[ \t]+(.+)$", re.M)
_CHROME = re.compile(r"发布时间|来源|访问量|字体|打印|分享|浏览|索引号|当前位置|首页")

# --------------------------------------------------------------------------- small parsers


def _num(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(c in _CN_DIGIT for c in s):
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    total, cur = 0, 0
    for ch in s:
        if ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch in _CN_DIGIT:
            cur = _CN_DIGIT[ch]
    return total + cur


def _iso(y: int, m: int, d: int) -> str:
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1949 <= y <= 2100):
        return ""
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_date(s: str) -> str:
    """First date in ``s`` as ISO ("2024年4月9日", "二〇二一年四月二日", "2024-04-22 15:56") or ""."""
    m = _DATE_CN.search(s)
    if m:
        return _iso(_num(m.group(1)), _num(m.group(2)), _num(m.group(3)))
    m = _DATE_ISO.search(s)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return ""


def normalize_doc_number(s: str) -> str:
    """A 文号 in GB/T 9704 form: "周政办[2024]13号" -> "周政办〔2024〕13号"; "" when it is not one."""
    m = _DOCNUM.search(s.strip())
    if not m:
        return ""
    return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"


def _lines(text: str) -> list[str]:
    return [ln.strip(" \t\u3000\u00a0#") for ln in text.splitlines() if ln.strip(" \t\u3000\u00a0")]


def _head(text: str) -> str:
    return text[:_HEAD_LIMIT]


def doc_type_of(title: str) -> str:
    """Canonical type from a title: the issued document's type for a 印发…的通知, else the last type word."""
    title = title.strip()
    m = _ISSUE_NOTICE.search(title)
    if m:
        inner = doc_type_of(m.group(1))
        if inner:
            return inner
    for word, canon in _TYPES:
        if title.endswith(word):
            return canon
    found = _TYPE_END.findall(title)
    return dict(_TYPES)[found[-1]] if found else ""


def _trim_title(line: str) -> str:
    """Cut glued junk after the last type word: "…的通知惠阳保姆138…" -> "…的通知"."""
    last = None
    for m in _TYPE_END.finditer(line):
        last = m
    if last is None:
        return line
    tail = line[last.end() :]
    if tail and not re.match(r"^[（(《〔]", tail):
        return line[: last.end()]
    return line


# --------------------------------------------------------------------------- fields


def find_title(text: str) -> str:
    """The document title from the header lines ("" when there is none)."""
    m = _MD_TITLE.search(text[:500])
    if m:
        return m.group(1).strip()
    lines = _lines(_head(text))[:40]
    for i, line in enumerate(lines):
        if len(line) > 90 or _CHROME.search(line):
            continue
        if "。" in line:
            continue
        prefix = _ORG_PREFIX.match(line)
        if line.startswith("关于") or (prefix and _ORG_END.search(prefix.group(1).strip())):
            parts = [line]
            if line.startswith("关于") and i > 0 and len(lines[i - 1]) <= 30 and _ORG_END.search(lines[i - 1]):
                parts.insert(0, lines[i - 1])
            j = i
            while not _TYPE_END.search(parts[-1][-6:]) and j + 1 < len(lines) and len(parts) < 4:
                j += 1
                if len(lines[j]) > 40:
                    break
                parts.append(lines[j])
            title = _trim_title("".join(parts))
            if _TYPE_END.search(title):
                return title
    for i, line in enumerate(lines[:15]):
        if len(line) > 60 or _CHROME.search(line) or _SENTENCE_PUNCT.search(line):
            continue
        if re.search(_TYPE_END.pattern + r"$", _trim_title(line)) and not _RE_ITEM.match(line):
            parts = [_trim_title(line)]
            k = i - 1
            while k >= 0 and len(parts) < 3 and _title_piece(lines[k]):
                parts.insert(0, lines[k])
                k -= 1
            return "".join(parts)
    return ""


def _title_piece(line: str) -> bool:
    """A short line that can be the first half of a title broken over two lines."""
    return (
        len(line) <= 40
        and not _SENTENCE_PUNCT.search(line)
        and not _CHROME.search(line)
        and not _RE_ITEM.match(line)
        and not _ORG_END.search(line)
        and not _DOCNUM.search(line)
        and not _DATE_CN.fullmatch(line)
        and not _TYPE_END.search(line[-4:])
    )


def _header_lines(text: str) -> list[str]:
    """The lines above the body: up to the first 第X编/章/节/条, 一、, 序言 or 目录 line, within the head."""
    out = []
    for line in _lines(_head(text))[:40]:
        if _BODY_START.match(line):
            return out
        out.append(line)
    return []


def _legislative_lines(text: str) -> list[str]:
    """A law's history lines: "2020年5月28日 第十三届全国人民代表大会第三次会议通过", "…第一次修正".

    A line broken after an issuer ("1984年1月7日 国务院" then "中央军委发布") is joined with 、."""
    lines: list[str] = []
    for ln in _header_lines(text):
        if lines and _DATE_CN.match(lines[-1]) and not _LEGIS_ANY.search(lines[-1]) and not _DATE_CN.match(ln):
            lines[-1] += "、" + ln
        else:
            lines.append(ln)
    return [ln for ln in lines if _DATE_CN.match(ln) and _LEGIS_ANY.search(ln)]


def find_effective(text: str) -> str:
    """施行日期 (ISO) when the text states one: a "2021年1月1日 施行" header line or "自…起施行"; else ""."""
    for line in _header_lines(text):
        if _EFFECTIVE_LINE.match(line):
            return parse_date(line)
    m = None
    for m in _EFFECTIVE_TEXT.finditer(text, max(0, len(text) - 3000)):
        pass
    return parse_date(m.group(1)) if m else ""


def find_published(text: str, hints: DocHints) -> str:
    """The publication date: the reader's hint, else the latest 公布/发布 line of a law's history."""
    if hints.published:
        return parse_date(hints.published) or hints.published
    dates = [parse_date(ln) for ln in _legislative_lines(text) if re.search(r"(?:公布|发布)[)）]?$", ln)]
    return max((d for d in dates if d), default="")


def _decree_number(text: str) -> str:
    """The decree that published the version in force: "国务院令第773号" from the latest history line naming one."""
    found = ""
    for line in _legislative_lines(text):
        m = _LEGIS_DECREE.search(_DATE_CN.sub("", line, count=1))
        if m:
            found = m.group(0).replace("中华人民共和国", "")
    return found


def _legislative_issuer(line: str) -> str:
    """The enacting body of a history line ("北京市人民代表大会常务委员会", "国务院", "最高人民法院")."""
    lm = _LEGIS_LINE.match(line)
    if lm:
        place = re.sub(r"第[一二三四五六七八九十百]+届", "", lm.group(2)).strip()
        return (place or "全国") + lm.group(3)
    rest = _DATE_CN.sub("", line, count=1).strip()
    dm = _LEGIS_DECREE.search(rest)
    if dm:  # "中华人民共和国国务院、中华人民共和国中央军事委员会令第438号公布"
        return "、".join(o.removeprefix("中华人民共和国") for o in dm.group(1).split("、"))
    bm = _LEGIS_BODY.search(rest)
    if bm:
        return bm.group(1) or bm.group(2)
    return ""


def find_doc_number(text: str, year: str = "") -> str:
    """The document's own 文号 from its header, never one it cites."""
    head = _head(text)
    lines = _lines(head)[:60]
    for line in lines:
        if len(line) <= 24:
            own = normalize_doc_number(line)
            if own and _DOCNUM.fullmatch(line.replace(" ", "").replace("\u3000", "")) is not None:
                return own
            m = _DOCNUM_BARE.match(line)
            if m and year and m.group(2) == year:
                return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
    for line in lines:
        if len(line) <= 24 and normalize_doc_number(line):
            return normalize_doc_number(line)
    cut = len(head)
    first_item = re.search(r"(?m)^[ \t\u3000]*(?:一、|第一条|第一章)", head)
    if first_item:
        cut = first_item.start()
    for m in _DOCNUM.finditer(head, 0, cut):
        before = head[max(0, m.start() - 40) : m.start()]
        if re.search(r"[（(]$", before) or _CITE_BEFORE.search(before):
            continue
        return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
    return ""


def find_date(text: str, hints: DocHints) -> str:
    """成文日期 (ISO): hint, 条例 version date, signature date line, else publication date."""
    if hints.date:
        return parse_date(hints.date) or hints.date
    legis = [parse_date(m.group(0)) for ln in _legislative_lines(text) for m in _DATE_CN.finditer(ln)]
    legis = [d for d in legis if d]
    if legis:
        return max(legis)
    for line in _lines(text):
        m = _DATE_CN.fullmatch(line)
        if m:
            iso = parse_date(line)
            if iso:
                return iso
    for line in _lines(text[-600:]):
        im = _ISSUED_LINE.search(line)  # 版记: "山东省商务厅办公室2025年1月20日印发"
        if im:
            return parse_date(im.group(1))
    if hints.published:
        return parse_date(hints.published) or hints.published
    head = _head(text)
    m = _PUBLISHED.search(head)
    if m:
        return parse_date(m.group(1))
    for line in _lines(head)[:40]:
        if re.fullmatch(r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:[ \t]+\d{1,2}:\d{2}(?::\d{2})?)?", line):
            return parse_date(line)
    return ""


def find_issuer(text: str, hints: DocHints, title: str) -> str:
    """The issuing body: the reader's hint (gov.cn 发文机关), title prefix before 关于, a law's enacting
    body (its first history line), the signature."""
    if hints.issuer:
        return hints.issuer.strip()
    m = _ORG_PREFIX.match(title)
    if m and _ORG_END.search(m.group(1).strip()):
        orgs = [o for o in re.split(r"[ \t\u3000、，,]+", m.group(1).strip()) if o]
        return "、".join(orgs)
    history = _legislative_lines(text)
    decrees = [ln for ln in history if _LEGIS_DECREE.search(ln)]  # the publisher before the approver
    for line in decrees[:1] + history:
        body = _legislative_issuer(line)
        if body:
            return body
    head_lines = _lines(_head(text))[:20]
    for line in head_lines:
        gm = _GOV_SPEAKER.match(line)
        if gm:
            return gm.group(1)
    letterhead: list[str] = []
    for line in head_lines:  # 红头: the issuers' names stacked above the 文号
        orgs = _org_list(line)
        if orgs:
            letterhead.extend(orgs)
        elif line not in ("文件",):
            break
    if letterhead and (len(letterhead) > 1 or _place_in(letterhead[0])):
        return "、".join(letterhead)
    lines = _lines(text)
    for i, line in enumerate(lines):
        if _DATE_CN.fullmatch(line) and i > 0:
            sign: list[str] = []
            k = i - 1
            while k >= 0 and len(sign) < 8 and _org_list(lines[k]):
                sign[:0] = _org_list(lines[k])
                k -= 1
            if sign:
                return "、".join(sign)
    return ""


def _org_list(line: str) -> list[str]:
    """["济南市商务局", "济南市财政局"] when a line is only organisation names, else []."""
    if len(line) > 60 or _SENTENCE_PUNCT.search(line):
        return []
    orgs = [o for o in re.split(r"[ \t\u3000、]+", line) if o]
    if orgs and all(len(o) <= 30 and _ORG_END.search(o) and len(o) >= 3 for o in orgs):
        return orgs
    return []


def _department_issuer(text: str, place: Place | None) -> str:
    """For replies and summaries with no signature: the most-mentioned 省X厅/市X局 of the issuing level."""
    if place is None or place.level == "county":
        return ""
    level_char = "省" if place.level == "province" else "市"
    counts: Counter[str] = Counter()
    for m in re.finditer(r"([省市])([\u4e00-\u9fff]{2,6}?)(厅|局)", text):
        if m.group(1) == level_char and not _ORG_END.search(m.group(2)):
            counts[m.group(2) + m.group(3)] += 1
    if not counts:
        return ""
    system = _SYSTEM.search(text[:200])
    if system:
        for dept in counts:
            if dept[:-1] and system.group(1).endswith(dept[:-1]):
                return place.name + dept
    dept, _ = counts.most_common(1)[0]
    return place.name + dept


def _place_in(s: str) -> Place | None:
    places = find_places(s) or find_places(s, short_names=True)
    return places[0] if places else None


def _most_mentioned(text: str, level: str) -> Place | None:
    for short in (False, True):
        counts = Counter(p for p in find_places(text, short_names=short) if p.level == level)
        if counts:
            return counts.most_common(1)[0][0]
    return None


def find_region(text: str, issuer: str, title: str, source: str, doc_number: str) -> tuple[str, str, str]:
    """(region, province, level) from issuer, title, 我市/我省 phrases, then the file name."""
    first_issuer = re.split(r"[、，,]", issuer, maxsplit=1)[0]
    if _NATIONAL_DOCNUM.match(doc_number) or (first_issuer and _NATIONAL_ISSUER.match(first_issuer)) or (
        not issuer and title.startswith("中华人民共和国")
    ) or issuer.startswith("全国"):
        return "全国", "", "national"
    place = None
    for s in (issuer, re.sub(r"《[^》]*》", "", title)):
        if s:
            place = _place_in(s)
            if place:
                break
    if place is None:
        body = text[:20000]
        n_city, n_prov = len(_WE_CITY.findall(body)), len(_WE_PROVINCE.findall(body))
        if len(_NATIONAL_SCOPE.findall(body)) > n_city + n_prov:  # addresses every province: a national text
            return "全国", "", "national"
        if n_city or n_prov:
            place = _most_mentioned(body, "city" if n_city > n_prov else "province")
    if place is None:
        counts = Counter(find_places(text[:20000]))
        if counts:
            place = counts.most_common(1)[0][0]
    if place is None and title.startswith("中华人民共和国"):
        return "全国", "", "national"
    if place is None:
        place = _place_in(source)
    if place is None:
        return "", "", ""
    return place.name, province_of(place).name, place.level


def extract_metadata(text: str, hints: DocHints, source: str) -> Metadata:
    """Metadata of one cleaned, simplified document.

    Args:
        text: the cleaned simplified text.
        hints: what the reader found outside the body (gov.cn metadata table, docx properties).
        source: the file name as ingested (last resort for the region).
    """
    title = (hints.title or "").strip() or find_title(text)
    date = find_date(text, hints)
    hint_number = "".join((hints.doc_number or "").split())
    doc_number = (
        normalize_doc_number(hint_number)
        or (hint_number if _DECREE_NUMBER.match(hint_number) else "")  # 国令第707号
        or find_doc_number(text, date[:4])
        or _decree_number(text)
    )
    issuer = find_issuer(text, hints, title)
    doc_type = doc_type_of(title) if title else ""
    if not title:
        body = [ln for ln in _lines(text) if not _CHROME.search(ln) and not parse_date(ln[:20])] or [""]
        first = re.split(r"[。！？]", body[0], maxsplit=1)[0].strip()
        title = first[:40]
        if re.match(r"^(?:19|20)\d{2}年", first):
            doc_type = "总结"  # an untitled account of a year's work
    if not doc_type and "报告工作" in text[:1000]:
        doc_type = "报告"  # 政府工作报告 whose title line was lost: "我代表省人民政府，向大会报告工作"
    region, province, level = find_region(text, issuer, title, source, doc_number)
    if not issuer and doc_type in ("答复", "总结", "公告") and region:
        issuer = _department_issuer(text, divisions().full.get(region))
    return Metadata(
        title=title,
        issuer=issuer,
        doc_number=doc_number,
        date=date,
        region=region,
        province=province,
        level=level,  # type: ignore[arg-type]
        doc_type=doc_type,
        published=find_published(text, hints),
        effective=find_effective(text),
        index_number=(hints.index_number or "").strip(),
    )
