"""Deadlines: absolute dates, periods, event-relative limits, recurring duties and target years.

Resolved against the document's own date (``Document.date``): "9月底完成" in a document signed 2023-07-13 is
2023-09-30; "（8月—12月）" in a 2024 plan runs 2024-08-01 to 2024-12-31. Relative deadlines ("自竣工验收合格之日起
九十日内") stay relative: event + days, no date. Bad input yields fewer records, never an exception.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from kb.models import Deadline

_CN = "零〇一二两三四五六七八九十百"
_N = rf"(?:\d{{1,4}}|[{_CN}]{{1,5}})"
_Y = r"((?:19|20)\d{2})"
_M = r"(1[0-2]|0?[1-9])"
_D = r"(3[01]|[12]\d|0?[1-9])"
_DASH = r"\s*[—–‒―−\-－~～至到]{1,2}\s*"  # dashes as typeset: em, en, figure, horizontal bar, minus
# Five-year plans by their first year (the 4th, 1971–75, onwards: every later plan runs five calendar years).
_FIVE_YEAR = {"四五": 1971, "五五": 1976, "六五": 1981, "七五": 1986, "八五": 1991, "九五": 1996, "十五": 2001,
              "十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}

# A date range: 2019年1月1日至12月31日 / 2019年1月1日至2020年12月31日.
_DATE_RANGE_RE = re.compile(rf"{_Y}年{_M}月{_D}日{_DASH}(?:{_Y}年)?{_M}月{_D}日")
_YEAR_RANGE_RE = re.compile(rf"{_Y}年?{_DASH}{_Y}年")
# 2023年8月—12月 / 8月份至10月份 / 1997年4―6月 (the first 月 left out only after a year: a bare 4—6月 stays unread)
_MONTH_RANGE_RE = re.compile(
    rf"(?:{_Y}年{_M}(?:月(?:份)?)?|(?<!\d){_M}月(?:份)?){_DASH}(?:{_Y}年)?{_M}月(?:份)?(?:底|末)?")
_FIVE_YEAR_RE = re.compile(r"(?<![\d一二三四五六七八九十第])[“\"]?(十[一二三四五]五|十五|[四五六七八九]五)[”\"]?(?:期间|时期|末|期末|规划期)")
# 2022年6月30日前 / 2022年6月底前 / 2022年底前 / 2022年6月前.
_ABS_RE = re.compile(
    rf"(?:截至|截止到?|于|在|力争于?)?{_Y}年(?:{_M}月(?:{_D}日|底|末|中旬|上旬|下旬)?|底|末|年底|年末)?"
    r"(?P<tail>(?:之?前|以前|前完成|完成|截止|底前|内))"
)
_YEAR_END_RE = re.compile(rf"{_Y}年(?P<tail>底|末)(?!前)")
_TARGET_RE = re.compile(rf"(?:力争|计划|预计|争取)?(?:到|至){_Y}年(?P<end>底|末)?")
_MONTH_ONLY_RE = re.compile(rf"(?<![年\d]){_M}月(?P<part>底|末|中旬|上旬|下旬|{_D}日)?(?P<tail>之?前|以前|前完成|完成)")
_MONTH_HEADING_RE = re.compile(rf"[（(]\s*(?:{_Y}年)?{_M}月(?:份)?(?:{_DASH}(?:{_Y}年)?{_M}月(?:份)?)?\s*[)）]")
_HALF_RE = re.compile(rf"{_Y}年(?:(?P<half>上|下)半年|(?:第)?(?P<q>[一二三四1-4])季度)(?:前|底前|末前|内)?")
# 在…前 with an event and no count of days ("在申请办理施工许可证前"); 在七个工作日内 with the event left implicit
_BEFORE_EVENT_RE = re.compile(r"(?<![存现实所内])在(?P<event>(?:[^，,。；;\d年月日]){4,30}?)(?:之)?前(?!期|提|景|身|列|沿|线)(?=[，,。；;]|[\u4e00-\u9fff])")
_WITHIN_RE = re.compile(
    rf"在(?P<n>{_N})(?:{_DASH}{_N})?(?P<unit>个工作日|个月|日|天|周|年)(?:内|以内|之内)"
    # "确保1年内完成合同用量", "火烧迹地、采伐迹地一年内完成更新": a limit in years for a task to be done
    rf"|(?<![\d{_CN}])(?P<n2>{_N})(?P<unit2>年)(?:内|以内|之内)(?=完成|实现|到位|达到)"
    # a time limit stated as the longest allowed ("最长不超过15个工作日"), a limit the holder sets for another
    # ("告知养犬人十日内将犬只自行处置")
    rf"|(?<=最长不超过)(?P<n3>{_N})(?P<unit3>个工作日|日|天)(?![\d{_CN}])"
    rf"|(?<=告知)[\u4e00-\u9fff]{{1,6}}?(?P<n4>{_N})(?P<unit4>个工作日|日|天)(?:内|以内)"
)
_YEAR_WITHIN_RE = re.compile(r"(?:本年|当年|今年)?年(?:内|底前|底)(?:完成)?")
_RELATIVE_RE = re.compile(
    rf"(?:自|在|于|从)?(?P<event>[^，,。；;自在于从]{{2,30}}?)(?:之日|之日起|后的?|起)(?:起)?"
    rf"(?P<n>{_N})(?P<unit>个工作日|个月|日|天|年|周)(?:内|以内|之内)"
)
# a span counted back from an event: "提前7日向公众公示", "在试鸣的五日以前", "开庭审理3日前", "届满三十日前", "期满前六个月"
# (not a day of the month: "每月10日前", "3月10日前")
_COUNT_BEFORE_RE = re.compile(
    rf"提前(?P<n0>{_N})(?P<u0>个工作日|个月|日|天|周)(?!内)(?![\u4e00-\u9fff]{{0,2}}(?:完成|实现|达到|建成|竣工))"  # not 提前3个月完成
    rf"|(?<=[\u4e00-\u9fff])(?<![月年每第{_CN}])(?P<n>{_N})(?P<unit>个工作日|个月|日|天|周)(?:以前|之前|前)(?![\u4e00-\u9fff]?[年月])"
    rf"|期满前(?P<n2>{_N})(?P<u2>个工作日|个月|日|天|周)"
)
# a plan period as the horizon of a target: "经过“九五”期间的努力", "实现“九五”期间…工作目标"
_PLAN_TARGET_RE = re.compile(r"的努力|[^，,。；;]{0,12}?目标")
_VALIDITY_RE = re.compile(rf"自{_Y}年{_M}月{_D}日起(?:施行|实施|执行)[，,]?\s*有效期(?P<n>\d{{1,2}}|[一二三四五六七八九十])年")
_FROM_FOR_RE = re.compile(rf"自{_Y}年{_M}月{_D}日起(?!施行|实施|执行)[^，,。；;\d]{{0,14}}?(?P<n>\d{{1,2}}|[一二两三四五六七八九十])年")
_TWO_YEARS_RE = re.compile(rf"在{_Y}年(?:和|、|及){_Y}年")
_LEAD_YEAR_RE = re.compile(rf"(?:^|(?<=[。；;\n]))\s*(?:——)?{_Y}年(?=[，,])")
_YEAR_REACH_RE = re.compile(rf"{_Y}年(?:要|将|应|力争|有望)?(?:初步|基本|全面|总体)?(?:达到|实现|建成|完成|突破)")
_NOT_YEAR_BEFORE = set("老青少成周每半当今本明去前上下两三四五六七八九十一百千万")
_RECURRING_RE = re.compile(
    r"(?<!每人)(?<!每户)(?<!人均)(?P<every>每(?:年|半年|季度|季|月|周|[两三四五]年|\d{1,2}年|个月)(?:或每(?:年|季度|月|周))?"
    r"|按(?:月|季度|季|年度))"
    r"(?P<what>(?:至少|不少于)?(?:(?:仍继续|仍然|仍|继续)?(?:拨付|安排|支付)(?=[^，,。；;]{0,12}?(?:\d|[一二三四五六七八九十百千万亿]|X)[^，,。；;]{0,4}?[元亿万])"  # 每年仍继续拨付XXX元
    r"|从[^，,。；;]{2,20}?中(?:支付|安排|提取|列支)"  # 每年从黄金收售价差款中支付
    r"|组织|开展|举办|召开|进行|报送|发布|评估|检查|更新|调整|修订|公布|通报|考核|演练|培训|统计|复核|审核|拨付|足额拨付|预测|编制|制定|公开|向社会公布|报告"
    r"|\d{1,2}月(?:底前|前|底)?|[^，,。；;\d]{0,18}?(?:[一两二三四]|\d{1,2})次|(?:至少|不少于)\d{1,2}个?(?:月|周|天|日)"
    r"|累计(?:不少于|至少)?(?:\d{1,3}|[一二三四五六七八九十百]{1,5})(?:个)?(?:小时|学时|天|日)"
    r"|对[^，,。；;]{2,30}?(?:进行|开展|组织)?(?:评估|检查|考核|评价)"
    r"|有计划地(?:开展|组织)|向[^，,。；;]{2,40}?提供|将[^，,。；;]{2,40}?(?:报送|提交|报(?=[省市县区国]))))"  # 每半年将…报省…
    # a cycle: 5年一周期, 三年一轮
    r"|(?P<cycle>(?:\d{1,2}|[两三四五])年一(?:周期|轮|评))"
)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _doc_year(doc_date: str) -> int | None:
    m = re.match(r"((?:19|20)\d{2})", doc_date or "")
    return int(m.group(1)) if m else None


def _to_int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    try:
        import cn2an

        return int(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _day_in_month(year: int, month: int, part: str | None) -> date | None:
    """The last day a month expression allows: 底/末/下旬 → month end, 中旬 → 20, 上旬 → 10, N日 → N."""
    if not part or part in ("底", "末", "下旬"):
        return _last_day(year, month)
    if part == "中旬":
        return date(year, month, 20)
    if part == "上旬":
        return date(year, month, 10)
    m = re.match(r"(\d{1,2})日", part)
    if m:
        try:
            return date(year, month, int(m.group(1)))
        except ValueError:
            return None
    return _last_day(year, month)


_TITLE_RE = re.compile(r"《[^《》]{1,80}》")


def parse_deadlines(text: str, doc_date: str = "", clause_id: str = "") -> list[Deadline]:
    """Every deadline, period, recurring duty and target year in a clause's text.

    Args:
        text: the clause text.
        doc_date: the document's ISO date; month-only expressions take its year (none without it).
        clause_id: copied into each record.

    Returns:
        Deadlines in text order; offsets index into ``text``.
    """
    if not text:
        return []
    year = _doc_year(doc_date)
    out: list[Deadline] = []
    taken: list[tuple[int, int]] = [m.span() for m in _TITLE_RE.finditer(text)]  # 《关于“九五”期间…的请示》 names a text

    def add(m: re.Match[str], kind: str, end: date | None = None, start: date | None = None, **kw: object) -> None:
        s, e = m.span()
        if any(a < e and s < b for a, b in taken):
            return
        taken.append((s, e))
        out.append(
            Deadline(
                clause_id=clause_id, raw=text[s:e], kind=kind, date=_iso(end), start_date=_iso(start),
                start=s, end=e, **kw,  # type: ignore[arg-type]
            )
        )

    try:
        _scan(text, year, add)
    except (ValueError, OverflowError, re.error, RecursionError):
        pass
    out.sort(key=lambda d: d.start)
    return out


def _scan(text: str, year: int | None, add) -> None:  # noqa: ANN001 - internal callback
    """Run every pattern over ``text`` in priority order (relatives, then periods, then single dates, then cycles):
    a span taken by an earlier pattern is not read again by a later one."""
    _scan_relative(text, add)
    _scan_periods(text, year, add)
    _scan_dates(text, year, add)
    _scan_cycles(text, year, add)


def _scan_relative(text: str, add) -> None:  # noqa: ANN001
    """自…之日起30日内, 在七个工作日内, 在申请办理施工许可证前: event + days."""
    for m in _RELATIVE_RE.finditer(text):
        n = _to_int(m.group("n"))
        if n is None or n > 100000:
            continue
        unit = m.group("unit")
        days = n if unit in ("日", "天", "个工作日") else (n * 7 if unit == "周" else None)
        event = re.sub(r"^(?:应当|应|须|要|并)?(?:自|在|于|从)?", "", m.group("event")).strip()
        add(m, "relative", event=event or None, days=days)
    for m in _WITHIN_RE.finditer(text):
        n = _to_int(m.group("n") or m.group("n2") or m.group("n3") or m.group("n4"))
        if n is None or n > 100000:
            continue
        unit = m.group("unit") or m.group("unit2") or m.group("unit3") or m.group("unit4")
        days = n if unit in ("日", "天", "个工作日") else (n * 7 if unit == "周" else None)
        add(m, "relative", days=days)
    for m in _COUNT_BEFORE_RE.finditer(text):
        n = _to_int(m.group("n0") or m.group("n") or m.group("n2"))
        unit = m.group("u0") or m.group("unit") or m.group("u2")
        if n is not None and n <= 1000:
            add(m, "relative", days=n if unit in ("日", "天", "个工作日") else (n * 7 if unit == "周" else None))
    for m in _BEFORE_EVENT_RE.finditer(text):
        event = m.group("event")
        if re.search(r"(?:办理|申请|提交|开工|竣工|验收|投入使用|备案|签订|报送|发布|实施|举办|开展|交付|登记)", event):
            add(m, "relative", event=event)


# the horizon in a plan's name: 《河北雄安新区总体规划（2018—2035年）》, 《法治政府建设实施纲要（2015—2020年）》
_PLAN_BEFORE_RE = re.compile(r"(?:规划|纲要|计划|方案)[（(]$")
_PLAN_NAMED_RE = re.compile(r"(?:期间)?[^，,。；;、“”《》]{0,12}?(?:规划|纲要)(?!目标)")


def _plan_name(text: str, m: re.Match[str]) -> bool:
    return bool(_PLAN_BEFORE_RE.search(text[max(0, m.start() - 3):m.start()]))


def _scan_periods(text: str, year: int | None, add) -> None:  # noqa: ANN001
    """Periods: half years and quarters, validity terms, date / year / month ranges, five-year plans."""
    for m in _HALF_RE.finditer(text):
        y = int(m.group(1))
        if m.group("half"):
            first, last = (1, 6) if m.group("half") == "上" else (7, 12)
        else:
            q = "一二三四".find(m.group("q")) + 1 if not m.group("q").isdigit() else int(m.group("q"))
            first, last = 3 * q - 2, 3 * q
        add(m, "period", _last_day(y, last), date(y, first, 1))
    for m in _VALIDITY_RE.finditer(text):
        n = _to_int(m.group("n"))
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            start = date(y, mo, d)
            end = date(y + (n or 0), mo, d) - timedelta(days=1)
        except ValueError:
            continue
        add(m, "period", end, start)
    for m in _FROM_FOR_RE.finditer(text):
        n = _to_int(m.group("n"))
        try:
            start = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            add(m, "period", date(start.year + (n or 0), start.month, start.day) - timedelta(days=1), start)
        except ValueError:
            continue
    for m in _DATE_RANGE_RE.finditer(text):
        y1, m1, d1, y2, m2, d2 = m.groups()
        y2i = int(y2) if y2 else int(y1)
        try:
            add(m, "period", date(y2i, int(m2), int(d2)), date(int(y1), int(m1), int(d1)))
        except ValueError:
            continue
    for m in _YEAR_RANGE_RE.finditer(text):
        y1, y2 = int(m.group(1)), int(m.group(2))
        if y1 <= y2 <= y1 + 30 and not _plan_name(text, m):
            add(m, "period", date(y2, 12, 31), date(y1, 1, 1))
    for m in _FIVE_YEAR_RE.finditer(text):
        first = _FIVE_YEAR[m.group(1)]
        if _PLAN_NAMED_RE.match(text, m.end()):  # "列入“十五”期间全国大型水库建设规划": part of a plan's name
            continue
        if _PLAN_TARGET_RE.match(text, m.end()) or re.search(r"(?:通过|经过|实现)$", text[:m.start()]):
            add(m, "target", date(first + 4, 12, 31), stage=str(first + 4))  # “九五”期间的努力 / …目标: reached by its end
        else:
            add(m, "period", date(first + 4, 12, 31), date(first, 1, 1))
    for m in _MONTH_HEADING_RE.finditer(text):
        y1, m1, y2, m2 = m.groups()
        y_start = int(y1) if y1 else year
        y_end = int(y2) if y2 else (int(y1) if y1 else year)
        if y_start is None or y_end is None:
            add(m, "absolute" if not m2 else "period")
            continue
        if m2:
            add(m, "period", _last_day(y_end, int(m2)), date(y_start, int(m1), 1))
        else:
            add(m, "absolute", _last_day(y_start, int(m1)))
    for m in _MONTH_RANGE_RE.finditer(text):
        y1, m1a, m1b, y2, m2 = m.groups()
        m1 = m1a or m1b
        y_start = int(y1) if y1 else year
        y_end = int(y2) if y2 else (int(y1) if y1 else year)
        if re.search(r"(?:上一?年度?|每年|年度)$", text[max(0, m.start() - 5) : m.start()]):
            continue
        if y_start and y_end and int(m1) <= int(m2) or (y_start and y_end and y_end > y_start):
            add(m, "period", _last_day(y_end, int(m2)), date(y_start, int(m1), 1))


def _scan_dates(text: str, year: int | None, add) -> None:  # noqa: ANN001
    """Single dates: 2022年6月底前 (absolute), 到2020年 (target with its stage), 2020年底."""
    for m in _ABS_RE.finditer(text):
        if text[m.end() : m.end() + 1] == "已":
            continue
        y, mo, d = int(m.group(1)), m.group(2), m.group(3)
        raw = m.group(0)
        if mo:
            part = d + "日" if d else next((p for p in ("底", "末", "中旬", "上旬", "下旬") if p in raw), None)
            end = _day_in_month(y, int(mo), part)
        else:
            end = date(y, 12, 31)
        add(m, "absolute", end)
    for m in _TARGET_RE.finditer(text):
        y = int(m.group(1))
        add(m, "target", date(y, 12, 31), stage=str(y))
    for m in _YEAR_END_RE.finditer(text):
        if year is None or int(m.group(1)) >= year:  # "2020年底突破10万元" in a 2021 plan is a fact
            add(m, "absolute", date(int(m.group(1)), 12, 31))
    for m in _TWO_YEARS_RE.finditer(text):
        add(m, "absolute", date(int(m.group(2)), 12, 31), date(int(m.group(1)), 12, 31))
    if year is not None:  # a year heading a sentence or reached by a figure is a target when not in the past
        for rx in (_LEAD_YEAR_RE, _YEAR_REACH_RE):
            for m in rx.finditer(text):
                y = int(m.group(1))
                if y >= year:
                    add(m, "target", date(y, 12, 31), stage=str(y))


def _scan_cycles(text: str, year: int | None, add) -> None:  # noqa: ANN001
    """Recurring duties (每年…, 按季度), month-only dates in the document's year, 年内 / 年底前."""
    for m in _RECURRING_RE.finditer(text):
        add(m, "recurring")
    for m in _MONTH_ONLY_RE.finditer(text):
        mo = int(m.group(1))
        part = m.group("part")
        if "每年" in text[max(0, m.start() - 80) : m.start()]:  # part of a yearly cycle, not this year's date
            add(m, "recurring")
            continue
        add(m, "absolute", _day_in_month(year, mo, part) if year else None)
    for m in _YEAR_WITHIN_RE.finditer(text):
        prev = text[max(0, m.start() - 1) : m.start()]
        if prev.isdigit() or prev in _NOT_YEAR_BEFORE and not m.group(0).startswith(("本", "当", "今")):
            continue
        add(m, "absolute", date(year, 12, 31) if year else None)
    for m in _RECURRING_RE.finditer(text):
        add(m, "recurring")
