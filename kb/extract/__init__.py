"""Extractors: indicators (numbers.py), responsibilities (units.py), deadlines (deadlines.py).

``extract_document`` runs the three over a document's clauses in order and applies what a single clause cannot
see: document-wide rules ("列第一位者为牵头单位", "以下均需…落实,不再列出") and units stated on a parent clause
that govern children stating none of their own.
"""

from __future__ import annotations

from collections.abc import Sequence

from kb.extract.deadlines import parse_deadlines
from kb.extract.numbers import clause_indicators
from kb.extract.units import document_rules, parse_responsibilities
from kb.models import Clause, Deadline, Document, Indicator, Records, Responsibility

__all__ = ["extract_clause", "extract_document"]


def extract_clause(clause: Clause, doc_date: str = "", first_is_lead: bool = False) -> Records:
    """The records one clause states by itself (no document rules, no inheritance)."""
    indicators: list[Indicator] = clause_indicators(clause)
    if clause.kind == "table":
        return Records(indicators=indicators)
    return Records(
        indicators=indicators,
        responsibilities=parse_responsibilities(clause.text, clause.id, first_is_lead=first_is_lead),
        deadlines=parse_deadlines(clause.text, doc_date, clause.id),
    )


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
        found = list(rec.responsibilities)
        if not found and clause.kind != "table":
            ancestor = parents.get(clause.id)
            while ancestor and not own.get(ancestor):
                ancestor = parents.get(ancestor)
            if ancestor:
                found = _inherit(clause, own[ancestor])
        elif found:
            own[clause.id] = found
            named = {r.unit for r in found}
            if for_all_later and (rule_section is None or _section(clause) == rule_section):
                found += [r for r in _inherit(clause, for_all_later) if r.unit not in named]
        responsibilities += found
        if later:
            rule_section = _section(clause)
            for_all_later = [
                Responsibility(clause_id=clause.id, unit=name, role="co", raw=raw, start=s, end=e)
                for name, raw, s, e in later
            ]
    return Records(indicators=indicators, responsibilities=responsibilities, deadlines=deadlines)
