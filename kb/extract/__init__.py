"""Extractors: indicators (numbers.py), responsibilities (units.py, duties.py), deadlines (deadlines.py).

``extract_document`` runs them over a document's clauses in order and applies what a single clause cannot
see: document-wide rules ("列第一位者为牵头单位", "以下均需…落实,不再列出"), units stated on a parent clause
that govern children stating none of their own, and the folding of every unit to one canonical name for the
document (kb.extract.organs: 发展改革委 → 国家发展和改革委员会 in a national document, 市民政局 → 周口市民政局 in a
周口 one; a short name the document gives a body → its full name). Table rows take their units from role columns
(牵头单位 / 责任单位 / 配合单位 / 指导部门); the text of a regulation (条例 / 办法 / 规定, its 第X条 and their items)
states duties (role "duty"); the items under "有下列情形之一的" are cases and inherit no units.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kb.extract.assignments import document_rules, find_assignments
from kb.extract.deadlines import parse_deadlines
from kb.extract.duties import LEVEL_RELATIVE_RE, parse_duties
from kb.extract.references import abbreviated_organ, drop_relative_governments, written_apart
from kb.extract.numbers import clause_indicators, is_figure_cell
from kb.extract.organs import fold_unit, national_organ
from kb.extract.reported import is_report, sets_figure
from kb.extract.roleholders import role_names, self_names
from kb.extract.statutory import approval_spans, definition_spans, statutory_subjects
from kb.extract.units import parse_responsibilities
from kb.extract.unittables import table_responsibilities
from kb.models import Clause, Deadline, Document, Indicator, Records, Responsibility, TableRow
from kb.places import divisions

_ARTICLE_RE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条")
_TIME_COLUMN_RE = re.compile(r"时限|时间|期限|进度")
_CASES_RE = re.compile(r"(?:下列|以下)(?:情形|情况|行为|事项)")
_REGULATION_TYPE_RE = re.compile(r"(?:条例|办法|规定|细则|规则|法)$")
_RANK = {"lead": 0, "co": 1, "duty": 2}
# lines that close a document (附件 list, issuer, date, 此件公开发布) inherit no units from the section before them
_NOT_A_TASK_RE = re.compile(
    r"^\s*(?:附件|[（(](?:此件|本文)|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*$|[^，,。；;\n]{2,30}(?:办公厅|办公室|人民政府|国务院)\s*$)"
)

# a table's unit note, on its own line above it: 单位：人, （单位：万元）
_UNIT_NOTE_RE = re.compile(r"^\s*[（(]?\s*单位\s*[:：]\s*(?P<unit>[^\s，,。；;（）()]{1,6})\s*[）)]?\s*$")
# a label column naming regions: a row labelled by a region allots that region its figures
_REGION_COLUMN_RE = re.compile(r"^(?:省|省份|省（区、市）|省（市）|省（自治区、直辖市）|地区|地市|城市|市|市（州）|县（市、区）|区县|单位)$")
# a table that allots tasks or targets (分年度招生任务, 计划, 目标任务, 指标分解) rather than reporting figures
_ALLOT_RE = re.compile(r"任务|计划|目标|指标分解|分解")
_YEAR_IN_CELL_RE = re.compile(r"(?:19|20)\d{2}\s*年")

__all__ = ["extract_clause", "extract_document"]


@dataclass
class TableContext:
    """What the rows of a table share beyond their header: the unit note above it and a second header line."""

    unit: str = ""
    subheader: list[str] = field(default_factory=list)


def is_subheader(row: TableRow) -> bool:
    """A row that continues the header (省（市） | 1995 年招生人数 | 扩招 | 1996 年 | 1997 年): no figure, and it
    repeats the first column's name or names years."""
    cells = [c.strip() for c in row.cells]
    if not cells or any(is_figure_cell(c) for c in cells):
        return False
    return bool(row.header) and cells[0] == row.header[0].strip() or sum(bool(_YEAR_IN_CELL_RE.search(c)) for c in cells) >= 2


def region_row_units(row: TableRow, text: str, clause_id: str) -> list[Responsibility]:
    """A row labelled by a province (江苏, 重庆市) in a column of regions of a table that allots tasks or targets
    (a column or title with 任务 / 计划 / 目标): that province's government leads its figures. Rows of cities and
    counties are left alone: the seeds' gold (周口's 重点任务分解表) records no unit for them."""
    if not row.header or not row.cells or not _REGION_COLUMN_RE.match(re.sub(r"\s+", "", row.header[0])):
        return []
    if not any(_ALLOT_RE.search(h) for h in (row.title, *row.header)):  # a statistics table allots nothing
        return []
    label = row.cells[0].strip()
    d = divisions()
    place = d.full.get(label) or d.short.get(label)
    if place is None or place.level != "province":  # provinces' shares of a national plan (see README: county rows)
        return []
    at = max(text.find(label), 0)
    return [Responsibility(clause_id=clause_id, unit=place.name + "人民政府", role="lead", raw=label, start=at,
                           end=at + len(label))]


def is_regulation(document: Document) -> bool:
    """A document whose text is a regulation (条例, 办法, 规定, 细则, a law…, also when a 通知 issues one): what it
    charges organs with are statutory duties, not tasks."""
    return bool(_REGULATION_TYPE_RE.search(document.doc_type or ""))


_BOOK_TITLE_RE = re.compile(r"《[^《》]{1,80}》")
_SOME_DEPTS_RE = re.compile(r"(?:有关|相关)(?:部门|单位|机关)$")


def regulation_duties(text: str, clause_id: str) -> list[Responsibility]:
    """The holders a clause of a regulation charges: duty statements; a subject or 由X负责 the duty grammar does not
    read is a duty too, and only "X会同Y" keeps lead / co (FORMAT.md)."""
    found = parse_duties(text, clause_id)
    named = {r.unit for r in found}
    others = [r for r in parse_responsibilities(text, clause_id) if r.unit not in named  # 国务院有关部门: vague in a statute
              and not any(f.start <= r.start < f.end and f.end > f.start for f in found) and not _SOME_DEPTS_RE.search(r.unit)]
    titles = [m.span() for m in _BOOK_TITLE_RE.finditer(text)]  # 《…地方各级人民政府组织法》 names a law, not a holder
    titles += definition_spans(text) + approval_spans(text)
    found = [r for r in drop_relative_governments(found + others)
             if not any(s <= r.start < e for s, e in titles) or r.end <= r.start]
    found = [r if "会同" in text or r.unit not in {o.unit for o in others} else r.model_copy(update={"role": "duty"})
             for r in found]
    return found + unread_subjects(text, clause_id, found, titles)


def unread_subjects(text: str, clause_id: str, found: Sequence[Responsibility],
                    titles: Sequence[tuple[int, int]] = ()) -> list[Responsibility]:
    """The organs the statutory sentence's subject names (``kb.extract.statutory``) where the holder grammar read
    nothing: a subject span no record overlaps, a name no record contains or ends."""
    spans = [(r.start, r.end) for r in found if r.end > r.start]
    names = {r.unit for r in found}
    return [r for r in statutory_subjects(text, clause_id)
            if (not any(s < r.end and r.start < e for s, e in spans) or written_apart(text, r, spans))
            and not any(s <= r.start < e for s, e in titles)
            and not any(n.endswith(r.unit) or r.unit.endswith(n) for n in names)]


def extract_clause(clause: Clause, doc_date: str = "", first_is_lead: bool = False,
                   table: TableContext | None = None, regulation: bool = False,
                   holders: Sequence[str] = ()) -> Records:
    """The records one clause states by itself (no document rules, no inheritance, names as written);
    ``table`` is what a table row shares with its table (unit note, second header line); ``regulation``: the
    clause belongs to a regulation's text (its articles and their items state duties); ``holders``: functional
    holders the document names in full and short (社会团体登记管理机关 … 登记管理机关)."""
    table = table or TableContext()
    if clause.kind == "table":
        if clause.table is None:
            return Records(indicators=clause_indicators(clause))
        row = clause.table
        if is_subheader(row):
            return Records()
        indicators = clause_indicators(clause, table.unit, table.subheader)
        timing = " ".join(c for h, c in zip(row.header, row.cells, strict=False) if _TIME_COLUMN_RE.search(h))
        deadlines = [d.model_copy(update={"start": 0, "end": 0}) for d in parse_deadlines(timing, doc_date, clause.id)]
        found = table_responsibilities(row.header, row.cells, clause.text, clause.id, first_is_lead)
        return Records(
            indicators=indicators,
            responsibilities=found or region_row_units(row, clause.text, clause.id),
            deadlines=deadlines,
        )
    indicators: list[Indicator] = clause_indicators(clause)
    if regulation or _ARTICLE_RE.match(clause.number):
        responsibilities = regulation_duties(clause.text, clause.id)
    else:
        responsibilities = parse_responsibilities(clause.text, clause.id, first_is_lead, holders)
    return Records(
        indicators=indicators,
        responsibilities=responsibilities,
        deadlines=parse_deadlines(clause.text, doc_date, clause.id),
    )


# a body the document sets up and the short name it gives it: "建立国务院职业教育工作部际联席会议（以下简称联席会议）"
_SHORT_NAME_RE = re.compile(
    r"(?P<run>[\u4e00-\u9fff]{4,60})(?:制度)?[（(]以下简称[“\"]?(?P<short>[\u4e00-\u9fff]{2,12})[”\"]?[）)]"
)
_FULL_START_RE = re.compile(r"(?:国务院|国家|中央|全国)[\u4e00-\u9fff]{2,50}$")


_BODY_WORDS = ("联席会议", "领导小组", "工作小组", "指挥部", "主任会议")
_FULL_BODY_RE = re.compile(rf"(?:国务院|国家|中央|全国|县级以上(?:地方)?各级(?=人民代表大会))[\u4e00-\u9fff]{{2,30}}?(?:{'|'.join(_BODY_WORDS)})")
_BARE_BODY_RE = re.compile(rf"^(?:{'|'.join(_BODY_WORDS)})(?:办公室)?$")


def short_names(clauses: Sequence[Clause]) -> dict[str, str]:
    """{short name: full name} of the bodies a document names in full and then short: "（以下简称X）", or the one
    body of its kind the document names in full (国务院职业教育工作部际联席会议 … 联席会议统筹协调…)."""
    full: dict[str, set[str]] = {}
    for clause in clauses:
        for m in _FULL_BODY_RE.finditer(clause.text):
            name = re.split(r"组成|成立|建立|设立|组建|完善", m.group(0))[-1]
            full.setdefault(next(w for w in _BODY_WORDS if name.endswith(w)), set()).add(name)
    out = {word: names.pop() for word, names in full.items() if len(names) == 1}
    for clause in clauses:
        for m in _SHORT_NAME_RE.finditer(clause.text):
            run = re.split(r"组成|成立|建立|设立|组建", m.group("run"))[-1]  # 由A、B组成X（以下简称Y）: X only
            full = _FULL_START_RE.search(run)
            if full and full.group(0).endswith(m.group("short")[-2:]):
                out[m.group("short")] = full.group(0)
            elif holder := _defined_holder(run, m.group("short")) or abbreviated_organ(run, m.group("short")):
                out[m.group("short")] = holder
    return out


_HOLDER_NAME_RE = re.compile(r"(?:机关|部门|机构)$")


def relative_variants(clauses: Sequence[Clause]) -> dict[str, str]:
    """A department a document names by its task, once with 管理 / 工作 and once without ("区负责出版管理的部门",
    "区负责出版的部门"): {the shorter name: the fuller one}, one unit under the fuller name."""
    seen: dict[tuple[str, str], set[str]] = {}
    for clause in clauses:
        for m in LEVEL_RELATIVE_RE.finditer(clause.text):
            seen.setdefault((m.group("lv"), m.group("what")), set()).add(m.group(0))
    out: dict[str, str] = {}
    for names in seen.values():
        full = max(names, key=len)
        out.update({n: full for n in names if n != full})
    return out


def _defined_holder(run: str, short: str) -> str:
    """A functional holder named in full and given its tail as short name: "企业法人登记主管机关（以下简称登记主管机关）"
    → 企业法人登记主管机关; "" when ``run`` does not end with ``short`` or names no holder."""
    run = re.split(r"组成|成立|建立|设立|组建|确定|指定|授权|委托|[由是的及和与或对向在]", run)[-1]
    qualifier = run[: len(run) - len(short)]
    if not _HOLDER_NAME_RE.search(short) or not 2 <= len(qualifier) <= 8 or run.startswith("人民政府"):  # its level cut
        return ""
    if run.endswith(short):
        return run
    # an abbreviation keeps the characters of the full name in order and ends with its holder word: "上海市新闻出版
    # 主管部门（以下简称市出版主管部门）"
    tail = _HOLDER_TAIL_RE.search(short)
    return run if tail and run.endswith(tail.group(0)) and _in_order(short, run) and _HOLDER_RE_FULL.match(run) else ""


_HOLDER_TAIL_RE = re.compile(r"(?:主管|管理|行政)?(?:机关|部门|机构)$")
_HOLDER_RE_FULL = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}?(?:省|市|自治区|县|区))?[\u4e00-\u9fff]{2,16}(?:机关|部门|机构)$")


def _in_order(short: str, full: str) -> bool:
    """Every character of ``short`` occurs in ``full`` in the same order (a Chinese abbreviation)."""
    it = iter(full)
    return all(ch in it for ch in short)


def fold_units(document: Document, found: Sequence[Responsibility], short: dict[str, str] | None = None,
               ) -> list[Responsibility]:
    """Each unit under its canonical name for this document (a short name the document defines under its full
    name: 联席会议办公室 → 国务院职业教育工作部际联席会议办公室); a unit named twice in a clause keeps its strongest
    role (lead, then co, then duty)."""
    out: dict[tuple[str, str], Responsibility] = {}
    fuller = same_unit_in_clause([r.unit for r in found])
    for r in found:
        name = fuller.get(r.unit, r.unit)
        level = _SHORT_LEVEL_RE.match(name).group(0)  # 上级登记主管机关: the short name after a relative level
        prefix = next((k for k in sorted(short or {}, key=len, reverse=True) if name.startswith(k, len(level))), "")
        if not prefix and _BARE_BODY_RE.match(name):  # 领导小组 of no body the document names: no unit
            continue
        if prefix:  # 各级 adds nothing to a defined name, which covers every level; 上级 names another body
            level = "" if level == "各级" else level
            name = level + short[prefix] + name[len(_SHORT_LEVEL_RE.match(name).group(0)) + len(prefix):]
        unit = fold_unit(name, region=document.region, level=document.level, province=document.province)
        key = (r.clause_id, unit)
        prev = out.get(key)
        if prev is None or _RANK[r.role] < _RANK[prev.role]:
            out[key] = r.model_copy(update={"unit": unit})
    return list(out.values())


_SHORT_LEVEL_RE = re.compile(r"(?:各级|上级|上一级|下级|同级|本级)?")
_GENERIC_SUFFIX_RE = re.compile(r"(?:行政主管部门|行政管理部门|主管部门|行政部门)$")
_OTHER_LEVEL_RE = re.compile(r"上级|上一级|下级|下一级")
_OWN_LEVEL_RE = re.compile(r"[省市县区乡镇]|国家|国务院|各|党委|同级|本级")  # 市城乡建设局 is not 县级市城乡建设局


_STATE_ORGANS = ("人民代表大会常务委员会", "监察委员会")


def same_unit_in_clause(names: Sequence[str]) -> dict[str, str]:
    """Names a clause writes for a unit it also names more fully: "人力资源社会保障行政部门" after
    "国务院人力资源社会保障行政部门" (the level written once), "卫生健康部门" beside "卫生健康行政部门" (the same
    sector's department). Returns {short name: the fuller one}."""
    out: dict[str, str] = {}
    for n in names:
        key = _GENERIC_SUFFIX_RE.sub("部门", n)
        for m in names:
            if m == n or len(m) <= len(n):
                continue
            level_written_once = (m.endswith(n) and len(m) - len(n) <= 8 and not _OWN_LEVEL_RE.match(n)
                                  and n not in _STATE_ORGANS  # 人民代表大会常务委员会 (every level's) beside 省人民代表大会常务委员会
                                  and not _OTHER_LEVEL_RE.match(m)  # 上级登记主管机关 is another body
                                  and not m.startswith("国家"))  # 国家农业技术推广机构: the state's, beside any
            if level_written_once or _GENERIC_SUFFIX_RE.sub("部门", m) == key:
                out[n] = m
                break
    return out


def _inherit(clause: Clause, units: Sequence[Responsibility]) -> list[Responsibility]:
    return [
        r.model_copy(update={"clause_id": clause.id, "inherited": True, "start": 0, "end": 0}) for r in units
    ]


def _section(clause: Clause) -> str | None:
    """The top-level section a clause belongs to (its outermost path heading), None for unplaced clauses."""
    return clause.path[0] if clause.path else None


def extract_document(document: Document, clauses: Sequence[Clause]) -> Records:
    """Every record of a document's clauses (document-wide rules and parent clauses applied).

    Args:
        document: the document (its ``date`` resolves month-only deadlines).
        clauses: its clauses in document order.

    Returns:
        All indicators, responsibilities and deadlines, clause by clause.
    """
    indicators: list[Indicator] = []
    responsibilities: list[Responsibility] = []
    deadlines: list[Deadline] = []
    first_is_lead = False
    for_all_later: list[Responsibility] = []
    rule_section: str | None = None  # "以下均需…" holds for later tasks of the section that states it
    own: dict[str, list[Responsibility]] = {}
    own_sentences: set[str] = set()
    parents = {c.id: c.parent_id for c in clauses}
    table = TableContext()
    regulation = is_regulation(document)
    short = short_names(clauses)
    to = addressee(clauses)
    roles = role_names(c.text for c in clauses) | self_names(document.title)  # 登记管理机关 → 社会团体…; 我局 → 国家地震局
    short.update(roles)
    short.update(relative_variants(clauses))
    names = (*roles, *roles.values())
    for clause in clauses:
        rule_lead, later = (False, []) if clause.kind == "table" else document_rules(clause.text)
        first_is_lead = first_is_lead or rule_lead
        table = _next_table_context(table, clause)
        rec = extract_clause(clause, document.date, first_is_lead, table, regulation, names)
        indicators += rec.indicators
        deadlines += rec.deadlines
        found = fold_units(document, rec.responsibilities + addressee_tasks(clause, to), short)
        if not found and clause.kind != "table" and not _NOT_A_TASK_RE.match(clause.text):
            ancestor = parents.get(clause.id)
            while ancestor and not own.get(ancestor) and ancestor not in own_sentences:
                ancestor = parents.get(ancestor)
            if ancestor and ancestor not in own_sentences:  # an article's duties stay with the article too
                found = _inherit(clause, [r for r in own[ancestor] if r.role != "duty"])
        elif found:
            own[clause.id] = found
            if clause.kind != "table" and (not find_assignments(clause.text) or _CASES_RE.search(clause.text)):
                # organs named as the subjects of the clause's own sentences ("X负责…", "2.1.1 X职责") hold those
                # sentences, not the sub-items under it (an assignment such as （X牵头） covers them)
                # sentences, not the sub-items under it (an assignment such as （X牵头） covers them); the items under
                # "有下列情形之一的" are cases, not tasks
                own_sentences.add(clause.id)
            named = {r.unit for r in found}
            if for_all_later and (rule_section is None or _section(clause) == rule_section):
                found += [r for r in _inherit(clause, for_all_later) if r.unit not in named]
        responsibilities += found
        if later:
            rule_section = _section(clause)
            here = {r.unit: r.role for r in found}  # the rule's units keep the role they have where it is stated
            for_all_later = []
            for name, raw, s, e in later:
                unit = fold_unit(name, region=document.region, level=document.level, province=document.province)
                role = here.get(unit, "co")
                for_all_later.append(Responsibility(clause_id=clause.id, unit=unit, role=role, raw=raw, start=s, end=e))
    home = trailing_paragraphs(clauses)
    reports = report_clauses(clauses)
    text_of = {c.id: c.text for c in clauses}
    return Records(
        indicators=[_moved(r, home) for r in indicators if _set_here(r, reports, text_of)],
        responsibilities=_strongest([_moved(r, home) for r in responsibilities]),
        deadlines=[_moved(r, home) for r in deadlines if _set_here(r, reports, text_of)],
    )


def report_clauses(clauses: Sequence[Clause]) -> set[str]:
    """The ids of the clauses of an annexed report or a report's section (kb.extract.reported.is_report): the
    heading clause and every clause under it."""
    out: set[str] = set()
    parents = {c.id: c.parent_id for c in clauses}
    for c in clauses:
        if c.kind == "table":
            continue
        ancestor: str | None = c.id
        while ancestor and ancestor not in out:
            ancestor = parents.get(ancestor)
        if ancestor or is_report(c.number, c.text):
            out.add(c.id)
    return out


def _set_here(record: Indicator | Deadline, reports: set[str], text_of: dict[str, str]) -> bool:
    """False for a figure or date a report states without setting it ("505户1748人", "自2004年3月8日至7月7日")."""
    if record.clause_id not in reports or not record.end:
        return True
    return sets_figure(text_of.get(record.clause_id, ""), record.start, record.end)


# a paragraph that goes on from the one before it: 前款没有明确…的, 对…按照上述规定进行处罚时
_BACK_REFERENCE_RE = re.compile(r"前款|前述|上述|前项|前两款|前三款|上款|上列各项")


# the addressee line of a reply or notice ("武警总部：") and the pronoun that stands for it after 由 ("所需建设资金由你们自筹解决")
_ADDRESSEE_RE = re.compile(r"^\s*(?P<name>[\u4e00-\u9fff]{2,20})[：:]\s*$")
_BY_YOU_RE = re.compile(
    r"(?:由|(?:^|(?<=[。；;\n]))(?:建议|请))(?P<you>你们|你部|你委|你局|你署|你办|你省|你区|你市|你县)(?=[\u4e00-\u9fff])(?![的之和及与或])"
    r"(?!有关|相关|各|[\u4e00-\u9fff]{0,6}(?:部门|单位))"  # 请你省有关部门指导…: the province's departments, vague
)  # "…由你们自筹解决", "建议你省按照专家组意见，做好…": the addressee is given the task
# a proposal naming who should act: "建议湖北省人民政府按照专家组意见，做好…"
_PROPOSED_RE = re.compile(
    r"(?:^|(?<=[。；;\n]))建议(?P<org>[\u4e00-\u9fff]{2,20}?(?:人民政府|政府|部|委|局|厅|署))(?=按照|根据|做好|加强|抓紧|尽快|组织|认真|进一步|继续|采取|研究|切实)"
)


def addressee(clauses: Sequence[Clause]) -> str:
    """The organ a document is addressed to when it is one organ named on its own line before the text ("武警总部：",
    "湖北省人民政府："), else ""."""
    for c in clauses[:8]:
        m = _ADDRESSEE_RE.match(c.text)
        if m:
            return m.group("name") if national_organ(m.group("name")) or _government(m.group("name")) else ""
    return ""


def _government(name: str) -> bool:
    """"湖北省人民政府": a division's government."""
    place = re.sub(r"(?:人民)?政府$", "", name)
    return place != name and place in divisions().full


def addressee_tasks(clause: Clause, to: str) -> list[Responsibility]:
    """"…由你们自筹解决" in a reply to 武警总部, "建议你省…" in one to 湖北省人民政府: the addressee leads that task;
    "建议湖北省人民政府按照…做好…": the organ proposed leads it."""
    found = [Responsibility(clause_id=clause.id, unit=to, role="lead", raw=m.group("you"), start=m.start("you"),
                            end=m.end("you")) for m in _BY_YOU_RE.finditer(clause.text)][:1] if to else []
    for m in _PROPOSED_RE.finditer(clause.text):
        org = m.group("org")
        if national_organ(org) or _government(org):
            found.append(Responsibility(clause_id=clause.id, unit=org, role="lead", raw=org, start=m.start("org"),
                                        end=m.end("org")))
    return found


def trailing_paragraphs(clauses: Sequence[Clause]) -> dict[str, str]:
    """{clause id: its article's id} for the unnumbered paragraphs after an article's sub-items that continue the
    article rather than stand on their own: a paragraph referring back ("前款没有明确监督管理部门的…，由…负责",
    "…按照上述规定进行处罚时"), the paragraphs after it, and one that opens as the article does (a second
    "违反本条例第十五条第二款规定…" after the cases of the first). A paragraph with a sentence of its own
    ("省、省辖市人民政府应当扶持…") stays a clause of its own (FORMAT.md, gold change of slice c)."""
    by_id = {c.id: c for c in clauses}
    out: dict[str, str] = {}
    previous: Clause | None = None
    for c in clauses:
        prev, previous = previous, c
        if c.kind != "table" and not c.number and prev is not None and prev.parent_id == c.parent_id and (
                _answered(prev) or out.get(prev.id) and _answered(by_id[out[prev.id]])):
            out[c.id] = out.get(prev.id, prev.id)  # the answer to an item's question: "发展改革委研究提出了办理意见：…"
            continue
        parent = by_id.get(c.parent_id or "")
        if c.kind == "table" or c.number or parent is None or not _ARTICLE_RE.match(parent.number):
            continue
        lead = _ARTICLE_RE.sub("", parent.text).strip()[:5]
        going_on = any(out.get(x.id) == parent.id for x in clauses if x.parent_id == parent.id and not x.number
                       and x.id < c.id)
        # after the cases of "…有下列情形的，应当…：" the article's sentence is complete only with what follows them
        after_cases = bool(_CASES_RE.search(parent.text)) and parent.text.rstrip().endswith(("：", ":"))
        if going_on or after_cases or _BACK_REFERENCE_RE.search(c.text[:60]) or len(lead) == 5 and c.text.startswith(lead):
            out[c.id] = parent.id
    return out


# an item of a reply that states a request or question ("一、关于…问题。你省请求，国家尽快审核…。"): the paragraphs
# after it, up to the next item, give the answer and who handles it
_QUESTION_RE = re.compile(r"^关于[^。；;]{2,40}?问题[。：:]")


def _answered(item: Clause) -> bool:
    return bool(item.number) and item.kind != "table" and bool(_QUESTION_RE.match(item.text[len(item.number):].lstrip()))


def _moved(record, home: dict[str, str]):  # noqa: ANN001, ANN202 - any record with a clause_id
    return record.model_copy(update={"clause_id": home[record.clause_id]}) if record.clause_id in home else record


def _strongest(found: Sequence[Responsibility]) -> list[Responsibility]:
    """One record per clause and unit, the strongest role (lead, then co, then duty), in first-seen order."""
    out: dict[tuple[str, str], Responsibility] = {}
    for r in found:
        prev = out.get((r.clause_id, r.unit))
        if prev is None or _RANK[r.role] < _RANK[prev.role]:
            out[(r.clause_id, r.unit)] = r
    return list(out.values())


def _next_table_context(table: TableContext, clause: Clause) -> TableContext:
    """The table context in force at ``clause``: a unit note starts one, a second header line joins it, a text
    clause after a table's rows ends it."""
    note = _UNIT_NOTE_RE.match(clause.text) if clause.kind != "table" else None
    if note:
        return TableContext(unit=note.group("unit"))
    if clause.kind == "table" and clause.table is not None:
        if is_subheader(clause.table):
            return TableContext(unit=table.unit, subheader=[c.strip() for c in clause.table.cells])
        return table
    return table if not table.subheader else TableContext()
