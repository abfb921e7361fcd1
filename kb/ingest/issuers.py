"""Who issued a document and where: issuer (organisations, a law's enacting body), region, province, level."""

from __future__ import annotations

import re
from collections import Counter

from kb.ingest.dates import DATE_CN, legislative_lines
from kb.ingest.header import SENTENCE_PUNCT, head_of, text_lines
from kb.models import DocHints
from kb.places import Division as Place, find_places, province_of

ORG_END = re.compile(
    r"(人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|常务委员会|政府|[厅局委部署院办]|联合会|中心|等\d+部门|等[一二三四五六七八九十]+部门)$"
)
ORG_PREFIX = re.compile(r"^(.{2,60}?)关于")
_LEGIS_LINE = re.compile(
    r"((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)[ \t\u3000]*(.*?)(?:第[一二三四五六七八九十百]+届)?"
    r"(人民代表大会(?:常务?委?员会)?|人大常委会)第[一二三四五六七八九十百]+次?(?:全体)?会议(?:审议)?(通过|批准|修订|修正)"
)
# Other enacting bodies of a law's history line: a State Council decree, a court's or procuratorate's
# committee, a ministry that published a regulation the State Council approved.
LEGIS_DECREE = re.compile(r"([\u4e00-\u9fff]{2,20}?(?:、[\u4e00-\u9fff]{2,20}?)*)令第\d+号")
_LEGIS_BODY = re.compile(
    r"((?:最高人民法院|最高人民检察院)(?:、(?:最高人民法院|最高人民检察院))*)(?:第[一二三四五六七八九十]+届)?(?:审判委员会|检察委员会)"
    r"|^经?([\u4e00-\u9fff]{2,16}?(?:、[\u4e00-\u9fff]{2,16}?)*)(?:公告|令)?(?:批准|发布|公布)[　 ]*$"
    r"|^([\u4e00-\u9fff]{2,16}?人民政府)第[\d一二三四五六七八九十百]+次(?:常务|全体)?会议"
)
# A national law or regulation with no place in its title says where it applies.
_NATIONAL_SCOPE = re.compile(
    r"中华人民共和国(?:境内|境外|领域|领土|管辖)|国务院[\u4e00-\u9fff]{0,10}(?:部门|机构)|国务院各部|省、自治区、直辖市"
)
_NATIONAL_ISSUER = re.compile(r"^(国务院|政务院|中共中央|全国人民代表大会|中华人民共和国|最高人民法院|最高人民检察院|中央军事委员会|中国人民银行|国家[\u4e00-\u9fff]{1,12}(?:局|委|委员会|署|总局)$|[\u4e00-\u9fff]{1,8}(?:部|总署|总局)$)")
_NATIONAL_DOCNUM = re.compile(r"^(国发|国办发|国办函|国函|中发|中办发)")
_WE_CITY = re.compile(r"[我本全]市")
_WE_PROVINCE = re.compile(r"[我本全]省")
_DEPT = re.compile(r"(?<![\u4e00-\u9fff])?([省市县区])([\u4e00-\u9fff]{2,6}?)(厅|局)")
_SYSTEM = re.compile(r"([\u4e00-\u9fff]{2,4})系统")
_GOV_SPEAKER = re.compile(r"^([\u4e00-\u9fff]{2,12}?人民政府)(?:省长|市长|县长|区长|主席|代省长|代市长)")


def _legislative_issuer(line: str) -> str:
    """The enacting body of a history line ("北京市人民代表大会常务委员会", "国务院", "最高人民法院")."""
    lm = _LEGIS_LINE.match(line)
    if lm:
        place = re.sub(r"第[一二三四五六七八九十百]+届", "", lm.group(2)).strip().removeprefix("经")
        standing = "常" in lm.group(3)  # 常务委员会, and the short form 人大常委会
        return (place or "全国") + ("人民代表大会常务委员会" if standing else "人民代表大会")
    rest = DATE_CN.sub("", line, count=1).strip()
    dm = LEGIS_DECREE.search(rest)
    if dm:  # "中华人民共和国国务院、中华人民共和国中央军事委员会令第438号公布"
        return "、".join(o.removeprefix("中华人民共和国") for o in dm.group(1).split("、"))
    bm = _LEGIS_BODY.search(rest)
    if bm:
        return bm.group(1) or bm.group(2) or bm.group(3)
    return ""


def find_issuer(text: str, hints: DocHints, title: str) -> str:
    """The issuing body: the reader's hint (gov.cn 发文机关), title prefix before 关于, a law's enacting
    body (its first history line), the signature."""
    if hints.issuer:
        return hints.issuer.strip()
    m = ORG_PREFIX.match(title)
    if m and ORG_END.search(m.group(1).strip()):
        orgs = [o for o in re.split(r"[ \t\u3000、，,]+", m.group(1).strip()) if o]
        return "、".join(orgs)
    history = legislative_lines(text)
    decrees = [ln for ln in history if LEGIS_DECREE.search(ln)]  # the publisher before the approver
    for line in decrees[:1] + history:
        body = _legislative_issuer(line)
        if body:
            return body
    head_lines = text_lines(head_of(text))[:20]
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
    lines = text_lines(text)
    for i, line in enumerate(lines):
        if DATE_CN.fullmatch(line) and i > 0:
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
    if len(line) > 60 or SENTENCE_PUNCT.search(line):
        return []
    orgs = [o for o in re.split(r"[ \t\u3000、]+", line) if o]
    if orgs and all(len(o) <= 30 and ORG_END.search(o) and len(o) >= 3 for o in orgs):
        return orgs
    return []


def department_issuer(text: str, place: Place | None) -> str:
    """For replies and summaries with no signature: the most-mentioned 省X厅/市X局 of the issuing level."""
    if place is None or place.level == "county":
        return ""
    level_char = "省" if place.level == "province" else "市"
    counts: Counter[str] = Counter()
    for m in re.finditer(r"([省市])([\u4e00-\u9fff]{2,6}?)(厅|局)", text):
        if m.group(1) == level_char and not ORG_END.search(m.group(2)):
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
