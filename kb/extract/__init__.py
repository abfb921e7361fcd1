"""Extractors: indicators (numbers.py), responsibilities (units.py), deadlines (deadlines.py). (Owner: extract helper.)"""

from collections.abc import Sequence

from kb.models import Clause, Document, Records


def extract_document(document: Document, clauses: Sequence[Clause]) -> Records:
    """Every record of a document's clauses (document-wide rules and parent clauses applied)."""
    return Records()
