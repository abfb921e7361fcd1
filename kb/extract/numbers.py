"""Indicators: figures that state a standard, target or fact, with unit, comparator, basis, subject, year.

Pure functions over one clause's text. Chinese numerals go through cn2an. Anything that does not parse is skipped:
bad input yields fewer records, never an exception."""

from __future__ import annotations

import re

from kb.extract.reported import is_reported, is_set_span
from kb.models import Clause, Indicator, TableRow

# Units as written, longest first so that 万平方米 wins over 平方米 and 个月 over 个.
_UNITS = sorted(
    """平方公里 平方米 ㎡ 平米 公顷 亩 张 个月 个工作日 个小时 个 户 人次 人 名 元
    周岁 岁 所 家 处 项 小时 分钟 倍 公里 千米 米 间 套 台 辆 床 支 座 条 年 日 天 周 批次 次 场 篇 件
    吨 立方米 千瓦时 万份 份 册 盏 只 棵 株 毫米 厘米 千克 公斤 批 度 层""".split(),
    key=len,
    reverse=True,
)
_UNIT_RE = "(?:万亿|[万亿千](?=[^年日天周岁]))?(?:" + "|".join(re.escape(u) for u in _UNITS) + ")"
# Units that an isolated 一 / 两 in running text almost never quantifies as a standard (一批, 一张网…).
_WEAK_WITH_ONE = {"张", "次", "期", "类", "种", "级", "部", "本", "件", "条", "座", "门", "年", "日", "天", "周", "分", "项", "批"}
# the count of a list's items, not a figure the text sets: 共23项, 方面5项：, 等十二件地方性法规
_LIST_COUNT_UNITS = {"项", "条", "件", "个", "类", "批", "种", "方面"}

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN_NUM = rf"(?:(?<![上下前后每一大多过])半(?=年|个月|小时)|[{_CN_DIGITS}][{_CN_DIGITS}点]*)"
_ANY_NUM = rf"(?:{_NUM}|{_CN_NUM})"
_DASH = r"[—–\-－~～至到]{1,2}"

_PERCENT_CN_RE = re.compile(rf"(百分之|千分之)({_CN_NUM}|{_NUM})")
# 四分之一, 三分之二, 2分之1: a share written as a fraction (百分之/千分之 are percentages, read above)
_FRACTION_RE = re.compile(rf"(?<![{_CN_DIGITS}\d])([一二两三四五六七八九十]{{1,3}}|\d{{1,3}})分之([一二两三四五六七八九十]{{1,3}}|\d{{1,3}})")
_RATIO_RE = re.compile(r"(?<![\d.:：])(\d{1,6})\s*[:：]\s*(\d{1,6})(?![\d:：])")
_CLOCK_RE = re.compile(r"\d{1,2}[:：]\d{2}\s*[-—~～至]\s*\d{1,2}[:：]\d{2}")
_PHONE_RE = re.compile(r"\d{3,4}-\d{3,4}-\d{3,4}|(?<!\d)1\d{10}(?!\d)|\d{3,4}-\d{7,8}|\d{7,}")
_DOCNUM_RE = re.compile(r"[〔\[（(【]\s*(?:19|20)\d{2}\s*[〕\]）)】]\s*\d+\s*号|(?:19|20)\d{2}\d{1,4}号")
_UNIT_GROUP = rf"(?:{_UNIT_RE}|%|％|‰|/(?:平方公里|平方米|万人|人|户)|[万亿](?![\u4e00-\u9fff]))"
_RANGE_RE = re.compile(
    rf"(?P<lo>{_ANY_NUM})\s*(?P<lounit>{_UNIT_GROUP})?\s*(?P<dash>{_DASH})\s*(?P<hi>{_ANY_NUM})\s*(?P<unit>{_UNIT_GROUP}|级)"
)
_SINGLE_RE = re.compile(rf"(?P<sym>[>＞<＜≥≤])?(?P<lo>{_ANY_NUM})\s*(?P<approx>余|多)?\s*(?P<unit>{_UNIT_GROUP})")
_SYM_CMP = {">": ">", "＞": ">", "<": "<", "＜": "<", "≥": ">=", "≤": "<="}

_BEFORE_CMP = [
    ("不得超过", "<="), ("不得大于", "<="), ("不得高于", "<="), ("不得多于", "<="), ("不得低于", ">="), ("不得少于", ">="),
    ("不得小于", ">="), ("不大于", "<="), ("最高不超过", "<="), ("最多不超过", "<="), ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("最长", "<="),
    ("最高", "<="), ("最多", "<="), ("控制在", "<="), ("不低于", ">="), ("不少于", ">="), ("不小于", ">="),
    ("至少", ">="), ("最低", ">="), ("达到", "="), ("超过", ">"), ("高于", ">"), ("多于", ">"), ("低于", "<"),
    ("少于", "<"), ("不足", "<"), ("提前", ">="), ("年满", ">="), ("已满", ">="), ("未满", "<"), ("不满", "<"),
]
_AFTER_CMP = [("及以上", ">="), ("以上", ">="), ("以下", "<="), ("以内", "<="), ("之内", "<="), ("内", "<="), ("左右", "=")]

_BASIS_RE = re.compile(
    r"(每个(?:乡镇（街道）|乡镇\(街道\)|[\u4e00-\u9fff]{0,4}(?:街道|社区|乡镇|村|县|区|市|机构|中心))"
    r"|(?:每|按)\d+万?(?:张|名|个|户|人)[\u4e00-\u9fff]{0,8}?(?:床位|老年人口|老年人|人口|户|居民)"
    r"|人均|户均|每人每(?:月|年|天|日|次|餐)|每户每(?:月|年)|每(?:[一两二三四五六七八九十百千万]{1,4}|[0-9]+)?(?:名|位)?"
    r"(?:老年人口|老年人|常住人口|户籍人口|人口|居民|城镇社区|社区|街道|乡镇|村|行政村|户|人|张床位|床位|县|市辖区|区|中心村)"
    # per pupil (生均12000元) and per period (每5年修订1次, 每年至少1个月): a frequency's period is its basis
    r"|生均|每(?:\d{1,2}|[两二三四五六七八九十]{1,2})?年(?![度龄])(?=[^，,。；;\d]{0,8}$)"
    r"|每\d+(?:亩|公顷|平方米|平方公里|公里|千米|米)(?:左右)?(?=[^，,。；;\d]{0,2}$))"
)
# 每一百户 / 每100户 → 每百户, 每一千名 → 每千名: one spelling per basis.
_BASIS_ONE_RE = re.compile(r"^每(?:一|1)(百|千|万)|^每(1)(0{2,4})(?=[名位户张个人])|^每一(?=[名位户张个人])")
_BASIS_POWERS = {"00": "百", "000": "千", "0000": "万"}
# "由每百户不低于30平方米提高到50平方米", "由…3年以上放宽至参保1年以上": the figure after 由/从 is replaced by the
# figure after the verb (the gap between them holds at most a few words and the verb).
_REPLACED_FROM_RE = re.compile(r"(?:由|从)[^，。；,;：:]{0,12}$")
_REPLACED_GAP_RE = re.compile(
    r"^[^，。；,;\d]{0,6}?(?:提高|提升|增加|增长|调整|上调|下调|调增|调减|降低|放宽|扩大|缩小|减少|缩短|延长)(?:到|至|为)"
    r"[^，。；,;\d]{0,8}$"
)
_SUBJECT_FROM_RE = re.compile(r"(?:由|从)[^由从]*$")
_YEAR_CTX_RE = re.compile(r"(?:到|至|在|于|力争到|计划到|预计到)?((?:19|20)\d{2})年(?:底|末|前|内)?(?![\d月—\-－至])")
_AFTER_GAP_RE = re.compile(r"^[^\d零〇一二两三四五六七八九十百千万，,。；;、（）()\s]{1,3}?(及以上|以上|以下|以内)")
_SENTENCE_END = "。；;！？!?\n"
_SEGMENT_END = _SENTENCE_END + "，,：:、（）()〔〕"
_FILLER_RE = re.compile(
    r"^(?:并|且|要|将|应|应当|需|须|要求|确保|力争|全市|全省|全县|按照|按|落实|实现|使|其中|共有|累计|共|其|和|及|对|为|在)+"
)
_SUBJECT_TRIM_RE = re.compile(r"(?:的?标准|的?要求|的?规定|达到|不低于|不少于|不超过|至少|超过|低于|控制在|为|有|是|达|的)+$")
_MAX_DIGITS = 15
_AGE_UNITS = {"岁", "周岁"}
_DURATION_UNITS = {"年", "日", "天", "周", "次", "个月", "小时", "个工作日"}
_ITEM_NO_RE = re.compile(r"^(?:\d{1,3}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)")


def parse_number(text: str) -> float | None:
    """A number written in Arabic or Chinese numerals ("九十" → 90, "零点二" → 0.2, "1.5万" → 15000), or None."""
    s = text.replace(",", "").strip()
    if not s or len(s) > 30 or s == "半":  # 半年 / 半个月: a half
        return 0.5 if s == "半" else None
    mult = 1.0
    if s[-1] in "万亿" and s[:-1] and s[:-1][-1].isdigit():
        mult = 1e4 if s[-1] == "万" else 1e8
        s = s[:-1]
    try:
        if re.fullmatch(r"\d+(?:\.\d+)?", s):
            if len(s.replace(".", "")) > _MAX_DIGITS:
                return None
            return float(s) * mult
        import cn2an  # light, but keep kb import time low

        value = float(cn2an.cn2an(s, "smart")) * mult
    except (ValueError, KeyError, IndexError, TypeError, OverflowError, ArithmeticError):
        return None
    if value != value or abs(value) > 1e15:  # NaN or absurd
        return None
    return value


def fraction_value(denominator: str, numerator: str) -> float | None:
    """``四分之一`` (denominator 四, numerator 一) → 0.25, rounded to 4 places; None unless 0 < value <= 1."""
    d, n = parse_number(denominator), parse_number(numerator)
    if not d or n is None or not 0 < n <= d:
        return None
    return round(n / d, 4)


_FREQUENCY_PERIOD_RE = re.compile(r"每(\d{1,2}年)(?=[^，,。；;\d]{0,8}\d+次)")


def _masked(text: str) -> str:
    """The text with phone numbers, clock ranges and 文号 blanked out (same length), so no figure is read there."""
    out = list(text)
    for rx in (_PHONE_RE, _CLOCK_RE, _DOCNUM_RE):
        for m in rx.finditer(text):
            out[m.start() : m.end()] = "#" * (m.end() - m.start())
    for m in _FREQUENCY_PERIOD_RE.finditer(text):  # 每5年修订1次: the period is the basis of the 1次, not a figure
        out[m.start(1) : m.end(1)] = "#" * (m.end(1) - m.start(1))
    return "".join(out)


def _segment_start(text: str, pos: int, stops: str = _SEGMENT_END) -> int:
    i = pos
    while i > 0 and text[i - 1] not in stops:
        i -= 1
    return i


def _segment_end(text: str, pos: int, stops: str = _SEGMENT_END) -> int:
    i = pos
    while i < len(text) and text[i] not in stops:
        i += 1
    return i


_SHARE_OF_RE = re.compile(r"(不低于|不少于|不超过|不高于|至少|最高|超过|低于)[^，,。；;\d]{1,14}的$")


def comparator_of(before: str, after: str) -> str:
    """The comparator implied by the words just before and just after a figure."""
    for word, cmp in _AFTER_CMP:
        if after.startswith(word):
            if word == "内" and not re.match(r"内(?![部容涵外地])", after):
                continue
            return cmp
    gap = _AFTER_GAP_RE.match(after)
    if gap:
        return ">=" if "以上" in gap.group(1) else "<="
    tail = before[-6:]
    for word, cmp in _BEFORE_CMP:
        if tail.endswith(word) or tail[:-1].endswith(word) and tail[-1] in "为是到有":
            return cmp
    of = _SHARE_OF_RE.search(before)  # 不低于采购金额的30%, 不少于本单位执法人员总数的5%
    return dict(_BEFORE_CMP)[of.group(1)] if of else "="


def norm_basis(basis: str) -> str:
    """One spelling per basis: 每一百户 and 每100户 → 每百户, 每一千名老年人 → 每千名老年人."""
    m = _BASIS_ONE_RE.match(basis)
    if not m:
        return basis
    power = m.group(1) or (_BASIS_POWERS[m.group(3)] if m.group(3) else "")
    return "每" + power + basis[m.end() :]


def basis_of(before: str) -> str:
    """The per-what phrase (每百户, 每千名老年人, 人均…) in the words before a figure, or ""."""
    found = list(_BASIS_RE.finditer(before))
    return norm_basis(found[-1].group(1)) if found else ""


def mark_replaced(text: str, indicators: list[Indicator]) -> list[Indicator]:
    """Mark the figures the text says were replaced; the new figure inherits what it does not restate.

    In "由每百户不低于30平方米提高到50平方米" the 30 gets ``replaced=True`` and the 50 takes the basis 每百户,
    the comparator ">=" and the subject when it has none of its own.
    """
    out = list(indicators)
    for k in range(len(out) - 1):
        old, new = out[k], out[k + 1]
        if old.end <= old.start or new.start < old.end or old.unit != new.unit:
            continue
        if not _REPLACED_FROM_RE.search(text[max(0, old.start - 14) : old.start]):
            continue
        if not _REPLACED_GAP_RE.match(text[old.end : new.start]):
            continue
        subject = _SUBJECT_FROM_RE.sub("", old.subject).strip(" ，,的") or old.subject
        updates: dict[str, object] = {"subject": subject}
        if not new.basis and old.basis:
            updates["basis"] = old.basis
        if new.comparator == "=" and old.comparator != "=":
            updates["comparator"] = old.comparator
        out[k] = old.model_copy(update={"replaced": True, "subject": subject})
        out[k + 1] = new.model_copy(update=updates)
    return out


_YEAR_FROM_RE = re.compile(r"^(?:起|开始|以来|以后|后)")
_YEAR_TARGET_RE = re.compile(r"^(?:到|至|力争到|计划到|预计到)|(?:底|末|前)$")


def year_of(sentence_before: str, duration: bool = False) -> int | None:
    """The year a figure is stated for (到2025年…), from the sentence text before it.

    A starting year (从2019年起, 1996年开始) dates no figure; a duration (3年, 6个月) takes only a target year
    (到2022年, 2020年底前): "从2019年起…3年以上" has none.
    """
    for m in reversed(list(_YEAR_CTX_RE.finditer(sentence_before))):
        if sentence_before[max(0, m.start() - 1) : m.start()] in ("从", "自") or _YEAR_FROM_RE.match(
            sentence_before[m.end() :]
        ):
            continue
        if duration and not _YEAR_TARGET_RE.search(m.group(0)):
            continue
        return int(m.group(1))
    return None


def subject_of(before: str, after: str, basis: str) -> str:
    """A short description of what is measured: the words around the figure within its phrase."""
    pre = before
    if basis:  # the basis as written (每一百户), which ``basis`` may spell another way (每百户)
        for m in reversed(list(_BASIS_RE.finditer(pre))):
            if norm_basis(m.group(1)) == basis:
                pre = pre[: m.start(1)] + pre[m.end(1) :]
        pre = pre.replace(basis, "")
    for word, _ in _BEFORE_CMP:
        pre = pre.replace(word, "")
    pre = re.sub(r"(?:19|20)\d{2}年(?:底|末|前)?", "", pre)
    pre = _ITEM_NO_RE.sub("", pre.strip()).replace("按照", "")
    pre = _FILLER_RE.sub("", pre)
    pre = _SUBJECT_TRIM_RE.sub("", pre)
    post = after
    for word, _ in _AFTER_CMP:
        if post.startswith(word):
            post = post[len(word) :]
            break
    post = re.sub(r"^(?:的)?(?:标准|要求)", "", post)
    post = re.sub(r"(?:的规定|的要求|的标准)$", "", post)
    post = post.lstrip("的")
    subject = (pre + post) if len(pre) < 4 or post.startswith(("配", "建", "设")) else pre or post
    return subject.strip(" ，,的")[:40]


def _is_excluded(text: str, start: int, end: int, lo: str, unit: str, ranged: bool = False) -> bool:
    """Item numbers, years and dates, 第N, one-character idioms: not figures."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    if before.endswith("第") or not unit or is_reported(text, start, end, unit):
        return True
    if unit in ("年",) and re.fullmatch(r"(?:19|20)\d{2}", lo):
        return True
    if after.startswith(("月", "号", "届", "是", "级")):
        return True
    if unit in _LIST_COUNT_UNITS and (before.endswith(("共", "等", "方面")) or after.startswith(("：", ":", "指标", "方面"))
                                      or re.search(r"、[^，,。；;：:、]{1,12}、[^，,。；;：:、\d]{1,12}$", text[max(0, start - 40):start])):
        return True  # 共23项, …、贵州10个省（区、市）, 麻醉、儿科…、中医五个类别: the count of a list
    is_cn = not lo[0].isdigit()
    bounded = comparator_of(text[max(0, start - 6) : start], after + text[end + 2 : end + 4]) != "="
    per = bool(basis_of(text[_segment_start(text, start) : start]))
    bounded = bounded or is_set_span(text, start, end)  # 届满三十日前, 有效期为一年
    # 一次 / 一批 are idioms far more often than figures (享受一次); a bounded year (一年以内) and a counted
    # frequency (每年召开两次) are figures
    if is_cn and lo in ("一", "两", "二") and unit in _WEAK_WITH_ONE and not (
            unit == "年" and bounded or lo != "一" and (bounded or per)):
        return True
    if unit in ("岁", "周岁") and len(lo) > 3:
        return True
    if is_cn and unit in _DURATION_UNITS and unit not in ("个月", "小时", "个工作日") and not (bounded or per or ranged):
        return True
    if is_cn and lo in ("十三", "十四", "十五", "十二", "十一") and after.startswith(("五", "时", "期", "规")):
        return True
    return False


def _add_figure(masked: str, m: re.Match[str], add: object) -> None:
    """Validate one number(+range)+unit match and hand it to ``add``."""
    groups = m.groupdict()
    lo, hi, unit = groups["lo"], groups.get("hi"), groups["unit"]
    unit = "%" if unit == "％" else unit
    start, end = (m.start("sym") if groups.get("sym") else m.start("lo")), m.end("unit")
    if start > 0 and (masked[start - 1].isdigit() or masked[start - 1] in "#." or masked[start - 1] in ":：" and lo[0].isdigit()):
        return
    if _is_excluded(masked, m.start("lo"), end, lo, unit, hi is not None):
        return
    if hi is not None and unit == "年" and re.fullmatch(r"(?:19|20)\d{2}", hi):
        return
    value = parse_number(lo)
    value_max = parse_number(hi) if hi is not None else None
    if value is None or (hi is not None and (value_max is None or value_max < value)):
        return
    if unit in ("万", "亿") and not lo[0].isdigit():
        return
    if not lo[0].isdigit() and hi is None and masked[max(0, start - 1) : start] == "“":
        return  # a name in quotes: “四个一批”
    if not lo[0].isdigit() and lo in ("一", "两") and hi is None:
        seg0 = _segment_start(masked, start)
        before, after = masked[seg0:start], masked[end : end + 6]
        if not (basis_of(before) or is_set_span(masked, start, end)) and comparator_of(before, after) == "=" and "各" not in before[-4:]:
            return
    if masked[max(0, start - 1) : start] == "每" or masked[max(0, start - 1) : start] == "按" and _BASIS_RE.match(masked, start - 1):
        return  # "每60张养老机构床位配备1名": a basis, not a figure (it becomes the next figure's basis)
    extra: dict[str, object] = {}
    if groups.get("approx"):
        extra["comparator"] = ">"
    if groups.get("sym"):
        extra["comparator"] = _SYM_CMP[groups["sym"]]
    if value_max is not None:
        extra["comparator"] = "="  # a range states both bounds
    add(start, end, value=value, value_max=value_max, unit=unit, **extra)  # type: ignore[operator]


def parse_indicators(text: str, clause_id: str = "") -> list[Indicator]:
    """Every figure with a unit, percentage or ratio in a clause's text, as Indicator records.

    Args:
        text: the clause text.
        clause_id: copied into each record (ids are given by the caller).

    Returns:
        Indicators in text order; offsets index into ``text``.
    """
    if not text:
        return []
    masked = _masked(text)
    out: list[Indicator] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, **fields: object) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        if fields.get("unit") == "个小时":  # 4个小时 is 4 小时
            fields["unit"] = "小时"
        seg0 = _segment_start(text, start)
        seg1 = _segment_end(text, end)
        sent0 = _segment_start(text, start, _SENTENCE_END)
        before, after = text[seg0:start], text[end:seg1]
        comma0 = _segment_start(text, start, _SENTENCE_END + "，,")
        # an age (3岁以下婴幼儿) is never per-something: 每千人口 before it belongs to the figure after it
        basis = "" if fields.get("unit") in _AGE_UNITS else basis_of(text[max(comma0, start - 30) : start])
        fields.setdefault("comparator", comparator_of(text[sent0:start], after))
        out.append(
            Indicator(
                clause_id=clause_id,
                raw=text[start:end],
                start=start,
                end=end,
                basis=basis,
                subject=subject_of(before, after, basis),
                year=year_of(text[sent0:start], fields.get("unit") in _DURATION_UNITS),
                **fields,  # type: ignore[arg-type]
            )
        )

    for m in _PERCENT_CN_RE.finditer(masked):
        value = parse_number(m.group(2))
        if value is not None:
            add(m.start(), m.end(), value=value, unit="%" if m.group(1) == "百分之" else "‰")
    for m in _FRACTION_RE.finditer(masked):
        value = fraction_value(m.group(1), m.group(2))
        if value is not None:
            add(m.start(), m.end(), value=value, unit="")
    for m in _RATIO_RE.finditer(masked):
        a, b = m.group(1), m.group(2)
        if re.fullmatch(r"(?:19|20)\d{2}", a) or int(a) == 0 or int(b) == 0 or a[0] == "0" or b[0] == "0":
            continue
        add(m.start(), m.end(), ratio=f"{int(a)}:{int(b)}", unit="比")
    for rx in (_RANGE_RE, _SINGLE_RE):
        for m in rx.finditer(masked):
            _add_figure(masked, m, add)
    out.sort(key=lambda i: i.start)
    return mark_replaced(text, out)


_UNIT_IN_LABEL_RE = re.compile(r"[（(]\s*([^（）()]{1,6}?)\s*[）)]?\s*$")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})")
_NUMERIC_CELL_RE = re.compile(rf"^\s*({_NUM})\s*(%|％|‰)?\s*$")
# a figure with a bracketed note: "70（实招45）" (a second figure), "120（扩招）" (a remark)
_NOTED_CELL_RE = re.compile(rf"^\s*({_NUM})\s*(%|％|‰)?\s*[（(](?P<note>[^（）()]{{1,12}})[）)]\s*$")
_NOTE_FIGURE_RE = re.compile(rf"^[\u4e00-\u9fff]{{0,4}}({_NUM})$")


def _label_unit(label: str) -> tuple[str, str]:
    """Split "每千名老年人拥有社会养老床位（张）" into ("每千名老年人拥有社会养老床位", "张"); "(%" too."""
    m = _UNIT_IN_LABEL_RE.search(label)
    if m and (m.group(1) in ("%", "％", "‰") or re.fullmatch(rf"(?:{_UNIT_RE})", m.group(1))):
        return label[: m.start()].strip(), "%" if m.group(1) == "％" else m.group(1)
    return label.strip(), ""


def _cell_figures(cell: str) -> list[tuple[str, str, str]]:
    """(number, percent sign, raw) of a cell: "100" → one; "70（实招45）" → 70 and 45; "120（扩招）" → 120; prose → []."""
    m = _NUMERIC_CELL_RE.match(cell)
    if m:
        return [(m.group(1), m.group(2) or "", cell)]
    m = _NOTED_CELL_RE.match(cell)
    if not m:
        return []
    out = [(m.group(1), m.group(2) or "", cell)]
    note = re.sub(r"\s+", "", m.group("note"))
    figure = _NOTE_FIGURE_RE.match(note)
    if figure:
        out.append((figure.group(1), m.group(2) or "", note))
    return out


def is_figure_cell(cell: str) -> bool:
    """True for a table cell that holds a figure ("100", "45%", "70（实招45）")."""
    return bool(_cell_figures(cell))


def table_indicators(
    row: TableRow, text: str, clause_id: str = "", unit: str = "", subheader: list[str] | None = None
) -> list[Indicator]:
    """Indicators from one table row: each numeric cell, with its row and column headers as subject and year.

    Args:
        row: the table row (title, header, cells).
        text: the clause text the row was rendered into (offsets index into it).
        clause_id: copied into each record.
        unit: the table's unit note (单位：人) for cells whose column names none.
        subheader: a second header line under a spanning column (分年度招生任务 → 1996 年 / 1997 年).
    """
    cells = list(row.cells)
    header = list(row.header) + [""] * max(0, len(cells) - len(row.header))
    if subheader:
        header = [h if i >= len(subheader) or subheader[i] in ("", h) else f"{h} {subheader[i]}"
                  for i, h in enumerate(header)]
    label_idx = next(
        (
            i
            for i, c in enumerate(cells)
            if c.strip() and not _cell_figures(c) and not re.fullmatch(r"序号|编号", header[i].strip())
        ),
        None,
    )
    label = cells[label_idx] if label_idx is not None else ""
    row_subject, row_unit = _label_unit(label)
    title_year = _YEAR_RE.search(row.title or "")
    out: list[Indicator] = []
    pos = 0
    for i, cell in enumerate(cells):
        if i == label_idx or re.search(r"序号|编号", header[i]):
            continue
        for number, sign, raw in _cell_figures(cell):
            value = parse_number(number)
            if value is None:
                continue
            col = row.header[i].strip() if i < len(row.header) else ""
            needle = f"{col}：{cell}" if col else cell
            at = text.find(needle, pos)
            start = at + len(needle) - len(cell) if at >= 0 else text.find(cell, pos)
            end = start + len(cell) if start >= 0 else 0
            out.append(_cell_indicator(header[i], value, sign, raw, row_subject, row_unit or unit, title_year)
                       .model_copy(update={"clause_id": clause_id, "start": max(start, 0), "end": end}))
        if out and out[-1].end:
            pos = out[-1].end
    return out


def _cell_indicator(col: str, value: float, sign: str, raw: str, row_subject: str, row_unit: str,
                    title_year: re.Match[str] | None) -> Indicator:
    """One numeric cell of column ``col`` as an indicator: unit from the cell, its column or the row / table;
    year from the column, else the table's title."""
    col = col.strip()
    col_subject, col_unit = _label_unit(col)
    year_m = _YEAR_RE.search(col)
    year = int(year_m.group(1)) if year_m else (int(title_year.group(1)) if title_year else None)
    col_rest = _YEAR_RE.sub("", col_subject).strip(" 年:：")
    unit = "%" if sign in ("%", "％") else (sign or col_unit or row_unit)
    subject = " ".join(x for x in (row_subject, col_rest) if x)
    return Indicator(clause_id="", subject=subject, value=value, unit=unit, basis=basis_of(subject), year=year, raw=raw)


def clause_indicators(clause: Clause, unit: str = "", subheader: list[str] | None = None) -> list[Indicator]:
    """Indicators of one clause (table rows by their headers, text by the figure parser), ids numbered;
    ``unit`` and ``subheader`` are a table's unit note and second header line (see ``table_indicators``)."""
    try:
        if clause.kind == "table" and clause.table is not None:
            found = table_indicators(clause.table, clause.text, clause.id, unit, subheader)
        else:
            found = parse_indicators(clause.text, clause.id)
    except (ValueError, re.error, RecursionError):
        return []
    return [ind.model_copy(update={"id": f"{clause.id}:i{n}"}) for n, ind in enumerate(found)]
