"""Responsibilities: the units a clause assigns, with their role (lead / co).

The forms are parsed by job: ``kb.extract.assignments`` (bracket tails, trailing lists, inline 牵头 / 会同 / 由X负责,
document-wide rules), ``kb.extract.subjects`` (the organs that open a sentence and are given its task),
``kb.extract.unittables`` (rows with role columns) over the names of ``kb.extract.unitnames``. This module
combines them into one record per unit of a clause. Bad input yields fewer records, never an exception.
"""

from __future__ import annotations

import re

from kb.extract.assignments import FIRST_LEAD_RE, Assignment, document_rules, find_assignments, resp_roles
from kb.extract.subjects import subject_groups, subject_holders
from kb.extract.unitnames import VAGUE_RE, find_brackets, is_unit_name, normalize_unit, split_units, trim_to_unit
from kb.extract.unittables import table_responsibilities
from kb.models import Responsibility, Role

__all__ = ["document_rules", "find_assignments", "is_unit_name", "normalize_unit", "parse_responsibilities",
           "split_units", "subject_holders", "table_responsibilities", "trim_to_unit"]


def _inline_only(assignments: list[Assignment], text: str) -> bool:
    """True when every assignment is inline in running text (由X负责, X会同Y), none a bracket or trailing list."""
    return all(not any(s <= a.start < e for s, e in find_brackets(text)) and a.end < len(text.rstrip("。；; \n")) - 2
               for a in assignments)


def _subject_lists(groups: list[list[tuple[str, str, int, int]]]) -> list[list[tuple[str, str, int, int]]]:
    """The subject groups of an item as lists made responsible: a sole subject leads its own sentence, unless
    another sentence of the item gives a joint list without it (then the item's units are one joint list)."""
    joint = [g for g in groups if len({u[0] for u in g}) > 1]
    out: list[list[tuple[str, str, int, int]]] = []
    extra: list[tuple[str, str, int, int]] = []
    for g in groups:
        names = {u[0] for u in g}
        if len(names) == 1 and any(not names <= {u[0] for u in j} for j in joint):
            extra += g
        else:
            out.append(g)
    if extra:
        first = next(i for i, g in enumerate(out) if g in joint)
        out[first] = out[first] + extra
    return out


def parse_responsibilities(text: str, clause_id: str = "", first_is_lead: bool = False) -> list[Responsibility]:
    """The responsibilities a clause's own text states.

    Args:
        text: the clause text.
        clause_id: copied into each record.
        first_is_lead: a document rule (列第一位者为牵头单位) in force: the first unit of a plain list leads.

    Returns:
        One record per unit (a unit listed twice keeps its first, strongest role), offsets into ``text``.
    """
    if not text:
        return []
    try:
        assignments = find_assignments(text)
    except (RecursionError, re.error, ValueError):
        return []
    first_is_lead = first_is_lead or bool(FIRST_LEAD_RE.search(text))
    named = {u[0] for a in assignments for u in (*a.leads, *a.cos, *(x for g in a.resp for x in g))}
    groups = [g for g in subject_groups(text) if not named & {u[0] for u in g}]
    if assignments and not _inline_only(assignments, text):  # a bracket or trailing list names the task's units
        groups = []
    assignments += [Assignment(g[0][2], g[-1][3], resp=[g]) for g in _subject_lists(groups)]
    out: dict[str, Responsibility] = {}
    for a in assignments:
        entries: list[tuple[tuple[str, str, int, int], Role]] = [(u, "lead") for u in a.leads]
        cos = list(a.cos)
        if first_is_lead and not a.leads and cos and not VAGUE_RE.match(cos[0][0]):
            entries.append((cos.pop(0), "lead"))
        entries += [(u, "co") for u in cos]
        entries += resp_roles(a, first_is_lead)
        for (name, raw, start, end), role in entries:
            prev = out.get(name)
            if prev is None or (prev.role == "co" and role == "lead"):
                out[name] = Responsibility(clause_id=clause_id, unit=name, role=role, raw=raw, start=start, end=end)
    return sorted(out.values(), key=lambda r: r.start)
