"""Document metadata: title, issuer, 文号, date, region/province/level, doc_type. (Owner: segment helper.)"""

from kb.models import DocHints, Metadata


def extract_metadata(text: str, hints: DocHints, source: str) -> Metadata:
    raise NotImplementedError
