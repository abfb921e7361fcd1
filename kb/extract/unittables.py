"""Table rows with role columns (牵头单位 / 责任单位 / 配合单位 / 指导部门): one row a task, roles from the column."""

from __future__ import annotations

import re

from kb.extract.assignments import CO_VERBS, Assignment, parse_part, resp_roles
from kb.extract.unitnames import list_units
from kb.models import Responsibility, Role

_TABLE_ROLE_RE = re.compile(
    r"^(?:主要)?(?P<role>牵头|主责|主办|责任|负责|指导|实施|主管|承办|配合|协办|参与|参加|协同|协助)(?:单位|部门|处室|机构)"
    r"(?:[（(].*)?$"
    r"|^(?P<split>(?:部门|责任|职责)?分工|责任单位及分工|落实单位)$"  # a column whose cells say who leads: "X牵头，Y参与"
)
# "省发展改革委（牵头）、省财政厅": a unit marked as the lead inside a list cell
_LEAD_MARK_RE = re.compile(r"[（(]牵头[）)]")


def table_responsibilities(
    header: list[str], cells: list[str], text: str, clause_id: str = "", first_is_lead: bool = False
) -> list[Responsibility]:
    """Responsibilities of one table row from its role columns (牵头单位 / 责任单位 / 配合单位 / 指导部门).

    Args:
        header: the column names; spaces inside them are ignored ("牵 头 单 位").
        cells: this row's cells.
        text: the row clause's rendered text (offsets point into it).
        clause_id: copied into each record.
        first_is_lead: a document rule (列第一位者为牵头单位) in force.

    Returns:
        A 牵头 column gives leads, a 配合 column co; a 责任 / 指导 column follows the list rule of
        ``resp_roles`` (first-is-lead rule, else a sole unit leads and a list is co).
    """
    a = Assignment(0, len(text))
    for name, cell in zip(header, cells, strict=False):
        m = _TABLE_ROLE_RE.match(re.sub(r"\s+", "", name))
        if not m or not cell.strip() or cell == name:
            continue
        at = text.find(cell)
        stated = parse_part(cell.strip(), max(at, 0)) if re.search(r"牵头|负责|配合|参与|参加|协助", cell) else None
        if stated is not None:  # "发展改革委牵头，财政部、商务部参与" in any role column: the cell says who leads
            a.leads += stated.leads
            a.cos += stated.cos
            a.resp += stated.resp
            continue
        if m.group("split"):
            continue
        marked = _LEAD_MARK_RE.sub("", cell)
        listed = list_units(marked, max(at, 0))
        if at < 0 or marked != cell:
            listed = [(u, raw, 0, 0) for u, raw, _, _ in listed]
        leads = [u for u in listed if re.search(re.escape(u[1]) + r"\s*[（(]牵头[）)]", cell)]
        if leads:
            a.leads += leads
            listed = [u for u in listed if u not in leads]
            a.cos += listed
            continue
        role = m.group("role")
        if role in ("牵头", "主责", "主办"):
            a.leads += listed
        elif role in CO_VERBS:
            a.cos += listed
        elif listed:
            a.resp.append(listed)
    entries: list[tuple[tuple[str, str, int, int], Role]] = [(u, "lead") for u in a.leads]
    entries += [(u, "co") for u in a.cos] + resp_roles(a, first_is_lead)
    out: dict[str, Responsibility] = {}
    for (name, raw, start, end), role in entries:
        if name not in out or out[name].role == "co" and role == "lead":
            out[name] = Responsibility(clause_id=clause_id, unit=name, role=role, raw=raw, start=start, end=end)
    return list(out.values())
