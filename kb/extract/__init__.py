"""Extractors: indicators (numbers.py), responsibilities (units.py, duties.py), deadlines (deadlines.py).

``extract_document`` runs them over a document's clauses in order and applies what a single clause cannot
see: document-wide rules ("列第一位者为牵头单位", "以下均需…落实,不再列出"), units stated on a parent clause
that govern children stating none of their own, and the folding of every unit to one canonical name for the
document (kb.extract.organs: 发展改革委 → 国家发展和改革委员会 in a national document, 市民政局 → 周口市民政局 in a
周口 one). Table rows take their units from role columns (牵头单位 / 责任单位 / 配合单位 / 指导部门); the articles
of a 条例 (第X条) state duties (role "duty").
"""

from __future__ import annotations

from collections.abc import Sequence

import re

from kb.extract.deadlines import parse_deadlines
from kb.extract.duties import parse_duties
from kb.extract.numbers import clause_indicators
from kb.extract.organs import fold_unit
from kb.extract.units import document_rules, parse_responsibilities, table_responsibilities
from kb.models import Clause, Deadline, Document, Indicator, Records, Responsibility

_ARTICLE_RE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条")
_TIME_COLUMN_RE = re.compile(r"时限|时间|期限|进度")
_RANK = {"lead": 0, "co": 1, "duty": 2}
# lines that close a document (附件 list, issuer, date, 此件公开发布) inherit no units from the section before them
_NOT_A_TASK_RE = re.compile(
    r"^\s*(?:附件|[（(](?:此件|本文)|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*$|[^，,。；;\n]{2,30}(?:办公厅|办公室|人民政府|国务院)\s*$)"
)

__all__ = ["extract_clause", "extract_document"]


def extract_clause(clause: Clause, doc_date: str = "", first_is_lead: bool = False) -> Records:
    """The records one clause states by itself (no document rules, no inheritance, names as written)."""
    indicators: list[Indicator] = clause_indicators(clause)
    if clause.kind == "table":
        if clause.table is None:
            return Records(indicators=indicators)
        row = clause.table
        timing = " ".join(c for h, c in zip(row.header, row.cells, strict=False) if _TIME_COLUMN_RE.search(h))
        deadlines = [d.model_copy(update={"start": 0, "end": 0}) for d in parse_deadlines(timing, doc_date, clause.id)]
        return Records(
            indicators=indicators,
            responsibilities=table_responsibilities(row.header, row.cells, clause.text, clause.id, first_is_lead),
            deadlines=deadlines,
        )
    responsibilities = parse_duties(clause.text, clause.id) if _ARTICLE_RE.match(clause.number) else []
    if not responsibilities:
        responsibilities = parse_responsibilities(clause.text, clause.id, first_is_lead=first_is_lead)
    return Records(
        indicators=indicators,
        responsibilities=responsibilities,
        deadlines=parse_deadlines(clause.text, doc_date, clause.id),
    )


def fold_units(document: Document, found: Sequence[Responsibility]) -> list[Responsibility]:
    """Each unit under its canonical name for this document; a unit named twice in a clause keeps its strongest
    role (lead, then co, then duty)."""
    out: dict[tuple[str, str], Responsibility] = {}
    for r in found:
        unit = fold_unit(r.unit, region=document.region, level=document.level, province=document.province)
        key = (r.clause_id, unit)
        prev = out.get(key)
        if prev is None or _RANK[r.role] < _RANK[prev.role]:
            out[key] = r.model_copy(update={"unit": unit})
    return list(out.values())


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
    parents = {c.id: c.parent_id for c in clauses}
    for clause in clauses:
        rule_lead, later = (False, []) if clause.kind == "table" else document_rules(clause.text)
        first_is_lead = first_is_lead or rule_lead
        rec = extract_clause(clause, document.date, first_is_lead)
        indicators += rec.indicators
        deadlines += rec.deadlines
        found = fold_units(document, rec.responsibilities)
        if not found and clause.kind != "table" and not _NOT_A_TASK_RE.match(clause.text):
            ancestor = parents.get(clause.id)
            while ancestor and not own.get(ancestor):
                ancestor = parents.get(ancestor)
            if ancestor:  # an article's statutory duties stay with the article, not its numbered items
                found = _inherit(clause, [r for r in own[ancestor] if r.role != "duty"])
        elif found:
            own[clause.id] = found
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
    return Records(indicators=indicators, responsibilities=responsibilities, deadlines=deadlines)
