"""The `kb export --format json` object: documents, clauses and records (a public contract)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kb.store import Store

DOCUMENT_FIELDS = ("id", "source", "title", "issuer", "doc_number", "date", "region", "province", "level", "doc_type")
CLAUSE_FIELDS = ("id", "doc_id", "number", "path", "text")
INDICATOR_FIELDS = ("id", "clause_id", "subject", "value", "unit", "comparator", "basis", "year", "raw")
RESPONSIBILITY_FIELDS = ("clause_id", "unit", "role")
DEADLINE_FIELDS = ("clause_id", "raw", "kind", "date")


def contract_first(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """``data`` with the contract ``fields`` first, in their order, and every other field after."""
    rest = dict(data)
    return {f: rest.pop(f) for f in fields} | rest


def pick(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """A model as a JSON-able dict, contract fields first."""
    return contract_first(obj.model_dump(), fields)


def export_all(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Everything in the index as plain JSON-able dicts; the contract fields first, extra fields after."""
    docs = []
    for meta in store.documents():
        d = meta.model_dump()
        docs.append({f: d[f] for f in DOCUMENT_FIELDS} | {"clauses": d["clauses"], "coverage": d["coverage"]})
    return {
        "documents": docs,
        "clauses": [pick(c, CLAUSE_FIELDS) for c in store.clauses()],
        "indicators": [pick(r, INDICATOR_FIELDS) for r in store.indicators()],
        "responsibilities": [pick(r, RESPONSIBILITY_FIELDS) for r in store.responsibilities()],
        "deadlines": [pick(r, DEADLINE_FIELDS) for r in store.deadlines()],
    }
