"""Pure str -> str cleaning steps. (Owner: readers helper.)"""


def clean_text(text: str) -> str:
    """All cleaning steps but 繁->简, in order."""
    raise NotImplementedError


def to_simplified(text: str) -> str:
    """Traditional -> simplified (OpenCC)."""
    raise NotImplementedError
