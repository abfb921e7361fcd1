"""Flattened one-cell-per-line tables -> TableBlock, rewritten row-wise into the text. (Owner: readers helper.)"""

from kb.models import TableBlock


def extract_tables(text: str) -> tuple[str, list[TableBlock]]:
    raise NotImplementedError
