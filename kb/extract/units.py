"""Responsibilities: the units a clause assigns, with their role (lead / co).

The forms are parsed by job: ``kb.extract.assignments`` (bracket tails, trailing lists, inline 牵头 / 会同 / 由X负责,
document-wide rules), ``kb.extract.subjects`` (the organs that open a sentence and are given its task),
``kb.extract.unittables`` (rows with role columns) over the names of ``kb.extract.unitnames``. This module
combines them into one record per unit of a clause. Bad input yields fewer records, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kb.extract.assignments import (
    FIRST_LEAD_RE,
    Assignment,
    body_assignments,
    document_rules,
    find_assignments,
    resp_roles,
)
from kb.extract.duties import WITH_RE, holder_phrases
from kb.extract.organs import national_organ
from kb.extract.roleholders import role_assignments
from kb.extract.subjects import subject_groups, subject_holders
from kb.extract.unitnames import (
    VAGUE_RE,
    find_brackets,
    is_sector_holder,
    is_unit_name,
    normalize_unit,
    split_units,
    trim_to_unit,
)
from kb.extract.unittables import table_responsibilities
from kb.models import Responsibility, Role

__all__ = ["document_rules", "find_assignments", "is_unit_name", "normalize_unit", "parse_responsibilities",
           "split_units", "subject_holders", "table_responsibilities", "trim_to_unit"]


def _inline_only(assignments: list[Assignment], text: str) -> bool:
    """True when every assignment is inline in running text (由X负责, X会同Y), none a bracket or trailing list."""
    return all(not any(s <= a.start < e for s, e in find_brackets(text)) and a.end < len(text.rstrip("。；; \n")) - 2
               for a in assignments)


def _subject_assignments(text: str, found: list[Assignment]) -> list[Assignment]:
    """The subjects of a clause's sentences as assignments, units already named by ``found`` left out: organs by
    name (国家卫生健康委要…) and functional holders (财政、发展改革、教育…等部门要…, 卫生健康行政部门监督指导…). Each
    sentence's subjects are read on their own: a sole subject leads its sentence, a joint list is co."""
    named = {_bare(u[0]) for a in found for u in (*a.leads, *a.cos, *(x for g in a.resp for x in g))}
    out = [a for a in body_assignments(text) if not named & {_bare(u[0]) for u in (*a.leads, *a.cos)}]
    named |= {_bare(u[0]) for a in out for u in (*a.leads, *a.cos)}
    partners = {_bare(u[0]) for a in found for u in a.cos} - {_bare(u[0]) for a in found for u in a.leads}
    every = subject_groups(text)
    groups = [g for g in every if not named & {_bare(u[0]) for u in g}]
    # a 会同 partner that is the sole subject of a sentence of its own leads that sentence's task ("国土资源部会同民政部、
    # 财政部…研究提出了办理意见：…。财政部在测算…时，将继续…"): each sentence is read on its own (FORMAT.md)
    out += [Assignment(g[0][2], g[-1][3], resp=[g]) for g in every
            if len(g) == 1 and _bare(g[0][0]) in partners and not _ASSIST_RE.match(text, g[-1][3])
            and not any(a.start <= g[0][2] < a.end for a in found)]
    out += [Assignment(g[0][2], g[-1][3], cos=g) if _ASSIST_RE.match(text, g[-1][3])
            else Assignment(g[0][2], g[-1][3], resp=[g]) for g in groups]
    named |= {_bare(u[0]) for g in groups for u in g}
    for units, partners in holder_phrases(text):
        units = [u for u in units if not _OTHERS_RE.search(u[0])]  # 国务院其他有关部门 names no organ
        partners = [u for u in partners if u[0] and not _OTHERS_RE.search(u[0])]
        if not units:
            continue
        # a functional holder names a known sector (财政、医保…部门), a list mostly known ones (价格 is no organ's
        # name today); anything else is prose ("多渠道培育养老服务人才部门")
        known = sum(is_sector_holder(u[0]) or bool(national_organ(u[0], True)) for u in (*units, *partners))
        if known * 2 <= len(units) + len(partners) or not is_sector_holder(units[0][0]):
            continue
        if {_bare(u[0]) for u in units} <= named:
            continue
        end = units[-1][3]
        if _ASSIST_RE.match(text, end):  # "各级地震部门要积极配合有关部门…": a partner of the task, not its holder
            out.append(Assignment(units[0][2], end, cos=units))
        elif partners or WITH_RE.match(text, end) or _EACH_RE.match(text, end):
            out.append(Assignment(units[0][2], end, leads=units, cos=partners))
        else:
            out.append(Assignment(units[0][2], end, resp=[units]))
        named |= {_bare(u[0]) for u in (*units, *partners)}
    return out


_ASSIST_RE = re.compile(r"(?:要|应当|应|也要)?(?:积极|主动|密切|紧密|大力|认真)?(?:配合|协助)")
# "A、B在职责范围内，分别负责…": each unit holds its own part of the task, so each leads it
_EACH_RE = re.compile(r"[^，,。；;]{0,12}?[，,]?分别(?:负责|承担|牵头)")


# "中央宣传部会同中央网信办…等有关部门和单位拟定的《…规定》已经国务院同意": who drafted a text holds no task
_DRAFTERS_RE = re.compile(r"(?:^|(?<=[。；;\n]))[^。；;\n]{2,300}?(?:拟定|起草|草拟|研究起草|研究制定|制定|修订)的《")


def mask_drafters(text: str) -> str:
    """``text`` with the sentence openings that name a text's drafters blanked (offsets kept)."""
    return _DRAFTERS_RE.sub(lambda m: " " * len(m.group(0)), text)


_OTHERS_RE = re.compile(r"(?:其他|其它)?(?:有关|相关)(?:行政)?(?:主管)?部门$")


def _bare(name: str) -> str:
    return re.sub(r"^各(?!级)", "", name)


def parse_responsibilities(text: str, clause_id: str = "", first_is_lead: bool = False,
                           role_names: Iterable[str] = ()) -> list[Responsibility]:
    """The responsibilities a clause's own text states.

    Args:
        text: the clause text.
        clause_id: copied into each record.
        first_is_lead: a document rule (列第一位者为牵头单位) in force: the first unit of a plain list leads.
        role_names: functional holders the document names in full and short (kb.extract.roleholders).

    Returns:
        One record per unit (a unit listed twice keeps its first, strongest role), offsets into ``text``.
    """
    if not text:
        return []
    text = mask_drafters(text)
    try:
        assignments = find_assignments(text)
    except (RecursionError, re.error, ValueError):
        return []
    first_is_lead = first_is_lead or bool(FIRST_LEAD_RE.search(text))
    if not assignments or _inline_only(assignments, text):  # a bracket or trailing list names the task's units
        assignments += _subject_assignments(text, assignments)
    assignments += role_assignments(text, role_names)
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
