"""Text with a map back to its source: every character of a cleaned text knows where it came from.

``MappedText(text, offsets)``: ``offsets[i]`` is the source offset of ``text[i]`` and ``offsets[len(text)]`` the
source offset where the text ends. Each cleaning step (``kb.ingest.clean``) and the table rewrite
(``kb.ingest.tables``) take and return one, so the map is composed step by step and the pipeline looks pages and
spans up in it instead of cleaning pages again and searching for them.

A character a step writes rather than keeps (the line break that splits a run-on paragraph, the space that joins
a wrapped line, a table row rendered from its cells) maps to the start of the text it stands for. Steps never
reorder text, so offsets never decrease: a source offset is found again by bisection (:meth:`position`).
"""

from __future__ import annotations

import difflib
import functools
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar


@dataclass(frozen=True)
class MappedText:
    """A text and, per character plus one for its end, the source offset it came from."""

    text: str
    offsets: list[int]

    @classmethod
    def of(cls, text: str) -> MappedText:
        """A text that is its own source."""
        return cls(text, list(range(len(text) + 1)))

    @classmethod
    def literal(cls, text: str, at: int) -> MappedText:
        """Written text: every character stands for source offset ``at``."""
        return cls(text, [at] * (len(text) + 1))

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, span: slice) -> MappedText:
        a, b, _ = span.indices(len(self.text))
        b = max(a, b)
        return MappedText(self.text[a:b], self.offsets[a : b + 1])

    def source(self, i: int) -> int:
        """The source offset of position ``i`` (clamped to the text)."""
        return self.offsets[min(max(i, 0), len(self.text))]

    def position(self, source_offset: int) -> int:
        """The first position whose source offset is at or after ``source_offset``."""
        return min(bisect_left(self.offsets, source_offset), len(self.text))

    def compose(self, inner: MappedText) -> MappedText:
        """This text, whose source is ``inner.text``, mapped through to ``inner``'s source."""
        return MappedText(self.text, [inner.offsets[o] for o in self.offsets])

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> MappedText:
        """``pattern.sub(repl, text)`` with the map carried along (see :func:`_align` for the replaced parts)."""
        texts: list[str] = []
        offsets: list[int] = []
        pos = 0
        for m in pattern.finditer(self.text):
            a, b = m.span()
            new = repl(m) if callable(repl) else m.expand(repl)
            texts += (self.text[pos:a], new)
            offsets += self.offsets[pos:a]
            offsets += _align(m.group(0), self.offsets[a : b + 1], new)
            pos = b
        if not texts:
            return self
        texts.append(self.text[pos:])
        offsets += self.offsets[pos:]
        return MappedText("".join(texts), offsets)

    def lines(self) -> list[MappedText]:
        """Split at line breaks, like ``text.split("\\n")``."""
        out: list[MappedText] = []
        a = 0
        for line in self.text.split("\n"):
            b = a + len(line)
            out.append(MappedText(line, self.offsets[a : b + 1]))
            a = b + 1
        return out

    def strip(self) -> MappedText:
        """``text.strip()``."""
        stripped = self.text.strip()
        if len(stripped) == len(self.text):
            return self
        a = len(self.text) - len(self.text.lstrip())
        return MappedText(stripped, self.offsets[a : a + len(stripped) + 1])

    @staticmethod
    def join(parts: Sequence[MappedText], sep: str = "\n") -> MappedText:
        """``sep.join(parts)``: a separator stands for where the part before it ended in the source."""
        if not parts:
            return MappedText.literal("", 0)
        texts: list[str] = []
        offsets: list[int] = []
        for i, part in enumerate(parts):
            if i and sep:
                texts.append(sep)
                offsets += [parts[i - 1].offsets[-1]] * len(sep)
            texts.append(part.text)
            offsets += part.offsets[:-1]
        offsets.append(parts[-1].offsets[-1])
        return MappedText("".join(texts), offsets)


def _align(old: str, old_offsets: list[int], new: str) -> list[int]:
    """Source offsets for ``new``, the replacement of ``old`` (whose offsets run one past its end).

    Same length: character for character. Otherwise each character of ``new`` is found in order in ``old`` (a
    replacement that deletes, ``系統(tǒng)`` -> ``系統``, or keeps one mark of a run, ``，。`` -> ``。``); a character
    not found stands where the search is.
    """
    if len(new) == len(old):
        return old_offsets[: len(old)]
    out: list[int] = []
    j = 0
    for ch in new:
        k = old.find(ch, j)
        if k < 0:
            out.append(old_offsets[j])
        else:
            out.append(old_offsets[k])
            j = k + 1
    return out


def aligned(source: str, converted: str) -> MappedText:
    """``converted`` (a character conversion of ``source``, such as 繁->简) mapped back to ``source``.

    Lines of equal length map character for character; a line whose length changed is aligned by its common
    runs (difflib): a replaced run stands for the start of the run it replaces, an inserted one for the character
    it follows.
    """
    if len(source) == len(converted):
        return MappedText(converted, list(range(len(converted) + 1)))
    src_lines, new_lines = source.split("\n"), converted.split("\n")
    if len(src_lines) != len(new_lines):
        return _aligned_runs(source, converted, 0)
    parts: list[MappedText] = []
    start = 0
    for old, new in zip(src_lines, new_lines):
        parts.append(_aligned_runs(old, new, start))
        start += len(old) + 1
    return MappedText.join(parts)


def _aligned_runs(old: str, new: str, start: int) -> MappedText:
    if len(old) == len(new):
        return MappedText(new, list(range(start, start + len(new) + 1)))
    offsets: list[int] = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            offsets += range(start + a1, start + a2)
        elif tag == "insert":  # added to the character before (a source offset stays the start of its text)
            offsets += [start + max(a1 - 1, 0)] * (b2 - b1)
        else:
            offsets += [start + a1] * (b2 - b1)
    offsets.append(start + len(old))
    return MappedText(new, offsets)


Text = TypeVar("Text", str, MappedText)


def text_step(step: Callable[[MappedText], MappedText]) -> Callable[[Text], Text]:
    """Let a step on mapped text also take a plain ``str`` (and then return one)."""

    @functools.wraps(step)
    def run(text: Text) -> Text:
        if isinstance(text, MappedText):
            return step(text)
        return step(MappedText.of(text)).text

    return run
