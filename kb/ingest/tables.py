"""Flattened one-cell-per-line tables -> TableBlock, rewritten row-wise into the text. (Owner: readers helper.)

Two kinds of input become tables:

* ``[[TABLE n]]`` … ``[[/TABLE]]`` blocks written by the readers (docx, html, pdf, markdown), one
  cell per line;
* web tables flattened one cell per line (seed 002: cells separated by lines holding one
  no-break space, multi-line header cells, empty cells as two separators in a row; seed 003:
  cells separated by blank lines). :func:`mark_flat_tables` finds them from the line layout
  and the numeric shape of the columns and turns them into ``[[TABLE n]]`` blocks.

:func:`extract_tables` then writes every table as an optional title line followed by one line
per row, ``列名：值；列名：值…``, and returns :class:`~kb.models.TableBlock` objects whose
offsets point into the rewritten text. Both carry the map back to the source along
(:class:`~kb.ingest.offsets.MappedText`): a row line stands where its first cell was, and a table
found in flattened lines where the table began.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.ingest.offsets import MappedText, Text, text_step
from kb.models import TABLE_END, TableBlock

TABLE_START_RE = re.compile(r"^\[\[TABLE (\d+)\]\]$")
_NUMERIC = re.compile(r"[-+]?\d+(?:[.,]\d+)*\s*[%％‰]?")
_NEUTRAL = frozenset({"/", "／", "-", "—", "–", "——", "－", "无", "×", "\\"})
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[章节条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])"
)
_TITLE_BAD_END = re.compile(r"[。；;：:，,、]$")
_SEQ = re.compile(r"^\d{1,3}$")
_NBSP_SEP = "\xa0"

MAX_CELL_CHARS = 40  # a line longer than this is prose, not a cell
MAX_COLS = 12


@dataclass(frozen=True)
class _Grid:
    header: list[str]
    rows: list[list[str]]


def is_numeric_cell(cell: str) -> bool:
    """True for a number-like cell: ``71``, ``48.6``, ``1,169``, ``53%``."""
    return bool(_NUMERIC.fullmatch(cell.strip()))


def _kind(cell: str) -> str:
    """'n' numeric, 't' text, '' blank or neutral placeholder (``/``, ``—``)."""
    cell = cell.strip()
    if not cell or cell in _NEUTRAL:
        return ""
    return "n" if is_numeric_cell(cell) else "t"


def _column_kinds(rows: list[list[str]], n: int) -> list[str] | None:
    """Per column: 'n', 't' or '' (all blank); None when some column mixes numbers and text."""
    kinds: list[str] = []
    for j in range(n):
        seen = {_kind(r[j]) for r in rows} - {""}
        if len(seen) > 1:
            return None
        kinds.append(seen.pop() if seen else "")
    return kinds


def _valid_grid(header: list[str], rows: list[list[str]]) -> bool:
    """A header without numbers over at least two rows with a clean numeric column."""
    n = len(header)
    if n < 2 or len(rows) < 2 or (len(rows) < 3 and n < 3):
        return False
    if any(_kind(h) == "n" for h in header) or sum(1 for h in header if h.strip()) < n - 1:
        return False
    kinds = _column_kinds(rows, n)
    if kinds is None or "n" not in kinds:
        return False
    cells = [c for r in rows for c in r]
    numeric = sum(1 for c in cells if _kind(c) == "n")
    return numeric >= 0.3 * len(cells) and all(any(c.strip() for c in r) for r in rows)


def fit_grid(cells: list[str]) -> _Grid | None:
    """The smallest column count that splits ``cells`` exactly into a header row and data rows."""
    for n in range(2, min(MAX_COLS, len(cells) // 3) + 1):
        if len(cells) % n:
            continue
        rows = [cells[i : i + n] for i in range(0, len(cells), n)]
        if _valid_grid(rows[0], rows[1:]):
            return _Grid(rows[0], rows[1:])
    return None


def _grow_grid(cells: list[str]) -> tuple[int, int, _Grid] | None:
    """Best (start, length, grid) of a table inside a run of cell-like lines, or None.

    Tries every header start among the first cells and every column count; rows continue
    while they keep the column kinds of the first two data rows.
    """
    best: tuple[int, int, _Grid] | None = None
    for s in range(0, min(8, len(cells))):
        for n in range(2, MAX_COLS + 1):
            header = cells[s : s + n]
            if len(header) < n:
                break
            body = cells[s + n :]
            rows = [body[i : i + n] for i in range(0, len(body) - n + 1, n)]
            if len(rows) < 2:
                continue
            kinds = _column_kinds(rows[:2], n)
            if kinds is None or "n" not in kinds:
                continue
            k = 2
            while k < len(rows):
                row_kinds = [_kind(c) for c in rows[k]]
                if any(rk and kd and rk != kd for rk, kd in zip(row_kinds, kinds)):
                    break
                if kinds[0] == "t" and row_kinds[0] != "t":
                    break
                k += 1
            if not _valid_grid(header, rows[:k]):
                continue
            length = n * (k + 1)
            if best is None or length > best[1]:
                best = (s, length, _Grid(header, rows[:k]))
    return best


def _is_cell_line(line: str) -> bool:
    s = line.strip()
    return (
        0 < len(s) <= MAX_CELL_CHARS
        and not _SENTENCE_END.search(s)
        and not TABLE_START_RE.match(s)
        and s != TABLE_END
        and not _HEADING.match(s)
    )


def _block_lines(grid: _Grid) -> list[str]:
    n = len(grid.header)
    out = [f"[[TABLE {n}]]"]
    for row in [grid.header, *grid.rows]:
        out.extend(" ".join(c.split()) for c in row)
    out.append(TABLE_END)
    return out


def _inside_blocks(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a ``[[TABLE n]]`` block (markers included)."""
    flags = [False] * len(lines)
    i = 0
    while i < len(lines):
        if TABLE_START_RE.match(lines[i].strip()):
            j = i
            while j < len(lines) and lines[j].strip() != TABLE_END:
                j += 1
            for k in range(i, min(j + 1, len(lines))):
                flags[k] = True
            i = j + 1
        else:
            i += 1
    return flags


def _nbsp_regions(lines: list[str], blocked: list[bool]) -> list[tuple[int, int, _Grid]]:
    """Tables whose cells are separated by lines holding a single no-break space (seed 002)."""
    seps = [i for i, ln in enumerate(lines) if ln.strip(" \t") == _NBSP_SEP and not blocked[i]]
    regions: list[tuple[int, int, _Grid]] = []
    k = 0
    while k < len(seps):
        group = [seps[k]]
        cells: list[str] = []
        while k + 1 < len(seps):
            a, b = seps[k], seps[k + 1]
            content = [ln.strip() for ln in lines[a + 1 : b] if ln.strip()]
            if len(content) > 3 or any(len(c) > MAX_CELL_CHARS * 2 for c in content) or any(blocked[a:b]):
                break
            cells.append("".join(content))
            group.append(b)
            k += 1
        k += 1
        if len(cells) < 5:
            continue
        first = group[0] - 1
        while first >= 0 and not lines[first].strip():
            first -= 1
        if first < 0 or blocked[first] or not _is_cell_line(lines[first]):
            continue
        grid = fit_grid([lines[first].strip(), *cells])
        if grid is not None:
            regions.append((first, group[-1] + 1, grid))
    return regions


def _plain_regions(lines: list[str], blocked: list[bool]) -> list[tuple[int, int, _Grid]]:
    """Tables flattened one cell per line with nothing but blank lines between cells (seed 003)."""
    regions: list[tuple[int, int, _Grid]] = []
    i = 0
    while i < len(lines):
        if blocked[i] or not _is_cell_line(lines[i]):
            i += 1
            continue
        idx: list[int] = []
        j = i
        while j < len(lines) and not blocked[j] and (not lines[j].strip() or _is_cell_line(lines[j])):
            if lines[j].strip():
                idx.append(j)
            j += 1
        if len(idx) >= 9:
            cells = [lines[t].strip() for t in idx]
            found = _grow_grid(cells)
            if found is not None:
                s, length, grid = found
                regions.append((idx[s], idx[s + length - 1] + 1, grid))
        i = j
    return regions


@text_step
def mark_flat_tables(text: MappedText) -> MappedText:
    """Turn flattened web tables into ``[[TABLE n]]`` blocks; other text is returned unchanged.

    Args:
        text: raw or cleaned text (existing TABLE blocks are left alone).

    Returns:
        The text with each detected table's lines replaced by one TABLE block (header row first).
    """
    mapped = text.lines()
    lines = [ln.text for ln in mapped]
    blocked = _inside_blocks(lines)
    regions = _nbsp_regions(lines, blocked)
    for a, b, _ in regions:
        for t in range(a, b):
            blocked[t] = True
    regions += _plain_regions(lines, blocked)
    if not regions:
        return text
    out: list[MappedText] = []
    pos = 0
    for a, b, grid in sorted(regions, key=lambda r: r[0]):
        out.extend(mapped[pos:a])
        out.extend(MappedText.literal(line, mapped[a].source(0)) for line in _block_lines(grid))
        pos = b
    out.extend(mapped[pos:])
    return MappedText.join(out)


def _header_names(header: list[str], title: str) -> list[str]:
    names = []
    for h in header:
        h = " ".join(h.split()).rstrip(":：")
        if not h:
            h = "指标" if "指标" in title else "项目"
        names.append(h)
    return names


def render_row(header: list[str], row: list[str]) -> str:
    """One row as ``列名：值；列名：值`` (empty cells left out)."""
    return "；".join(f"{h}：{v}" for h, v in zip(header, row) if v.strip())


def _is_title(line: str) -> bool:
    s = line.strip()
    return (
        0 < len(s) <= 50
        and not _TITLE_BAD_END.search(s)
        and "；" not in s
        and s != TABLE_END
        and not TABLE_START_RE.match(s)
    )


def extract_tables(text: Text) -> tuple[Text, list[TableBlock]]:
    """Rewrite every table of ``text`` row-wise and locate the rows.

    Flattened web tables are first turned into TABLE blocks (:func:`mark_flat_tables`); each
    block becomes its title line (the line just before it, when it reads as a title) followed by
    one line per data row, ``列名：值；…``.

    Args:
        text: cleaned text, mapped or plain.

    Returns:
        ``(new_text, blocks)`` with ``new_text[b.row_spans[i][0]:b.row_spans[i][1]]`` the line of
        row i of block b; ``new_text`` is mapped to the source of a mapped ``text`` (a row line to its
        first cell), plain for a plain one.
    """
    mapped = text if isinstance(text, MappedText) else MappedText.of(text)
    out, blocks = _rewrite(mark_flat_tables(mapped).lines())
    return (out if isinstance(text, MappedText) else out.text), blocks


@dataclass
class _Written:
    """The rewritten text as it grows: its lines and where each one starts."""

    lines: list[MappedText] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    end: int = 0

    def emit(self, line: MappedText) -> tuple[int, int]:
        start = self.end
        self.lines.append(line)
        self.starts.append(start)
        self.end += len(line) + 1
        return start, start + len(line)

    def title(self) -> tuple[str, int | None]:
        """The line just before a table (blank lines skipped) when it reads as its title, and where it starts."""
        back = len(self.lines) - 1
        while back >= 0 and not self.lines[back].text.strip() and len(self.lines) - back <= 4:
            back -= 1
        if back < 0 or not _is_title(self.lines[back].text):
            return "", None
        line = self.lines[back].text
        return line.strip(), self.starts[back] + len(line) - len(line.lstrip())


def _rewrite(lines: list[MappedText]) -> tuple[MappedText, list[TableBlock]]:
    out = _Written()
    blocks: list[TableBlock] = []
    i = 0
    while i < len(lines):
        m = TABLE_START_RE.match(lines[i].text.strip())
        if not m:
            out.emit(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j].text.strip() != TABLE_END:
            j += 1
        block = _write_table(lines[i + 1 : j], max(1, int(m.group(1))), out)
        if block is not None:
            blocks.append(block)
        i = j + 1
    return MappedText.join(out.lines), blocks


def _write_table(cell_lines: list[MappedText], n: int, out: _Written) -> TableBlock | None:
    """Write one TABLE block's rows into ``out``, each where its first cell was; its TableBlock if it has data rows."""
    cells = [" ".join(ln.text.split()) for ln in cell_lines]
    at = [ln.source(0) for ln in cell_lines]
    pad = -len(cells) % n
    cells += [""] * pad
    at += at[-1:] * pad
    rows = [(cells[k : k + n], at[k]) for k in range(0, len(cells), n)]
    rows = [(r, a) for r, a in rows if any(c for c in r)]
    if not rows:
        return None
    title, start = out.title()
    header = _header_names(rows[0][0], title)
    if n == 1 or len(rows) == 1:
        for r, a in rows:
            out.emit(MappedText.literal(" ".join(c for c in r if c), a))
        return None
    data = [(r, a) for r, a in rows[1:] if r != rows[0][0]]
    spans = [out.emit(MappedText.literal(render_row(header, r), a)) for r, a in data]
    if not spans:
        return None
    return TableBlock(
        title=title,
        header=header,
        rows=[r for r, _ in data],
        start=spans[0][0] if start is None else start,
        end=spans[-1][1],
        row_spans=spans,
    )
