"""text -> clause tree by official numbering. (Owner: segment helper.)"""

from collections.abc import Sequence

from kb.models import Clause, TableBlock


def segment(text: str, doc_id: str, tables: Sequence[TableBlock] = ()) -> list[Clause]:
    raise NotImplementedError


def coverage(text: str, clauses: Sequence[Clause]) -> float:
    raise NotImplementedError
