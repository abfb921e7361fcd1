"""One error tree for Policy KB. Messages say what went wrong, where, and what to do next."""


class KBError(Exception):
    """Base of every error Policy KB raises on purpose."""


class IngestError(KBError):
    """A file could not be read into a document (named, with the reason and next step)."""


class ScannedDocumentError(IngestError):
    """A file has no usable text layer and OCR is off or unavailable."""


class IndexMissingError(KBError):
    """No index at the given folder."""


class IndexMismatchError(KBError):
    """The index was built with another model or settings."""


class ConfigError(KBError):
    """A setting is wrong (unknown model folder, bad value)."""
