"""Offline OCR of page images (rapidocr + onnxruntime, weights ship in the wheel).

The engine (:class:`OcrEngine`, owned by the caller and passed down) is loaded lazily. Raw OCR lines are cached per file content
hash and page number (JSON under ``cache_dir/ocr``) so a re-ingest never re-runs OCR. The
raw lines are then cleaned (seal debris, repeated page headers/footers) and rebuilt into
paragraphs from the line geometry, with mixed half/full-width brackets normalised, so OCR
text flows into the same cleaning and segmentation as text from any other reader.

Owner: PDF/OCR helper. ``read_image`` is called by ``kb.ingest.readers``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import statistics
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kb.errors import IngestError, ScannedDocumentError
from kb.models import PageInfo, RawDocument

#: Bump when the engine settings or the render scale change: invalidates cached OCR.
OCR_VERSION = "rapidocr3.10-ppocrv6-small-nocls-s2.5"
#: Render scale for PDF pages (1.0 = 72 dpi); 2.5 = 180 dpi.
RENDER_SCALE = 2.5
MIN_CONFIDENCE = 0.8
MIN_CHARS = 3  # lines shorter than this are seal debris unless they end a sentence at the margin
EDGE_BAND = 0.1  # top/bottom share of the page where running headers and footers live

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NUMBERING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条款部分]"
    r"|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d{1,2}[、.．](?!\d)"
    r"|[①-⑳]"
    r"|[一二三四五六七八九十]是"
    r"|附件\s*\d*"
    r"|专栏\s*\d+)"
)
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－_·]*(?:第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,3})[\s\-—–－_·]*$"
)
_TERMINAL = re.compile(r"[。；：！？!?;:）)」”]$")
_DIGITS = re.compile(r"\d+")
_NON_WORD = re.compile(r"[^\w#/:.]+")
_ASCII_ALNUM_END = re.compile(r"[A-Za-z0-9]$")
_ASCII_ALNUM_START = re.compile(r"^[A-Za-z0-9]")


@dataclass(frozen=True)
class OcrLine:
    """One text box found by the OCR engine, in image pixels."""

    text: str
    score: float
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class OcrPage:
    """Raw OCR result of one page image (what the cache stores)."""

    width: int
    height: int
    lines: tuple[OcrLine, ...]
    seconds: float = 0.0


# --------------------------------------------------------------------------- engine


class OcrEngine:
    """The rapidocr engine, loaded on first use, and what it has done (pages, wall and CPU seconds, cache hits).

    Whoever reads files owns one (a build's runner, a benchmark) and passes it to the readers, so its model and
    counters live with that object rather than in the process. Thread-safe: runs are serialised.
    """

    def __init__(self) -> None:
        self._engine: Any = None
        self._lock = threading.Lock()  # loading and running
        self._stats_lock = threading.Lock()
        self._stats = {"pages": 0, "seconds": 0.0, "cpu_seconds": 0.0, "cache_hits": 0}

    def stats(self) -> dict[str, float]:
        """Pages OCR'd by this engine (cache hits not counted), wall and CPU seconds, cache hits."""
        with self._stats_lock:
            return dict(self._stats)

    @property
    def page_count(self) -> int:
        """How many page images this engine has processed."""
        return int(self.stats()["pages"])

    def _count(self, **added: float) -> None:
        with self._stats_lock:
            for key, value in added.items():
                self._stats[key] += value

    def _loaded(self) -> Any:
        if self._engine is None:
            try:
                from rapidocr import RapidOCR
            except ImportError as exc:  # pragma: no cover - dependency is declared
                raise ScannedDocumentError(
                    f"OCR unavailable ({exc}): install rapidocr and onnxruntime, or re-run with --no-ocr"
                ) from exc
            self._engine = RapidOCR(params={"Global.use_cls": False, "Global.log_level": "error"})  # no angle cls
        return self._engine

    def run(self, image: Any) -> OcrPage:
        """OCR one page image (PIL image or RGB numpy array) and count it.

        Args:
            image: the page image.

        Returns:
            The raw lines with their boxes and confidences.
        """
        import numpy as np

        array = np.asarray(image.convert("RGB")) if hasattr(image, "convert") else np.asarray(image)
        with self._lock:
            engine = self._loaded()
            started, cpu_started = time.perf_counter(), time.process_time()
            result = engine(array)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        lines: list[OcrLine] = []
        if result.boxes is not None:
            for box, text, score in zip(result.boxes, result.txts, result.scores):
                xs = [float(p[0]) for p in box]
                ys = [float(p[1]) for p in box]
                lines.append(OcrLine(str(text), float(score), min(xs), min(ys), max(xs), max(ys)))
        self._count(pages=1, seconds=seconds, cpu_seconds=cpu)
        return OcrPage(width=int(array.shape[1]), height=int(array.shape[0]), lines=tuple(lines), seconds=seconds)

    def cached(self, sha: str, page: int, cache_dir: Path | None, render: Callable[[], Any]) -> OcrPage:
        """OCR a page unless its result is cached; ``render`` produces the image only when needed."""
        hit = load_cached(cache_dir, sha, page)
        if hit is not None:
            self._count(cache_hits=1)
            return hit
        result = self.run(render())
        save_cached(cache_dir, sha, page, result)
        return result


# --------------------------------------------------------------------------- cache


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes (the OCR cache key)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _cache_file(cache_dir: Path, sha: str, page: int) -> Path:
    return Path(cache_dir) / "ocr" / f"{sha}-p{page:04d}.json"


def load_cached(cache_dir: Path | None, sha: str, page: int) -> OcrPage | None:
    """The cached OCR result of one page, or None when absent, stale or unreadable."""
    if cache_dir is None:
        return None
    target = _cache_file(cache_dir, sha, page)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        if data.get("version") != OCR_VERSION:
            return None
        lines = tuple(OcrLine(**line) for line in data["lines"])
        page_result = OcrPage(int(data["width"]), int(data["height"]), lines, float(data.get("seconds", 0.0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return page_result


def save_cached(cache_dir: Path | None, sha: str, page: int, result: OcrPage) -> None:
    """Store one page's raw OCR result (atomic write; errors are ignored: the cache is optional)."""
    if cache_dir is None:
        return
    target = _cache_file(cache_dir, sha, page)
    data = {
        "version": OCR_VERSION,
        "width": result.width,
        "height": result.height,
        "seconds": result.seconds,
        "lines": [asdict(line) for line in result.lines],
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(target)
    except OSError:
        pass


# --------------------------------------------------------------------------- line clean-up


def _norm_key(text: str) -> str:
    """Compare key of a line: width-folded, digits as '#', without spaces and punctuation."""
    folded = unicodedata.normalize("NFKC", text)
    return _DIGITS.sub("#", _NON_WORD.sub("", folded))


def is_debris(line: OcrLine, left_margin: float | None = None, char_width: float | None = None) -> bool:
    """Seal debris and noise: low confidence, or very short unless it ends a sentence at the left margin.

    Args:
        line: one OCR line.
        left_margin: x of the body's left edge, when known.
        char_width: typical character width, when known.
    """
    text = line.text.strip()
    if line.score < MIN_CONFIDENCE:
        return True
    if len(text) >= MIN_CHARS:
        return False
    at_margin = left_margin is not None and char_width is not None and abs(line.x0 - left_margin) <= char_width
    return not (at_margin and _TERMINAL.search(text) and _CJK.search(text))


def running_lines(pages: Sequence[OcrPage]) -> set[str]:
    """Keys of lines repeated in the top/bottom band of at least two pages and half of the pages.

    Lines match when their keys (digits folded, punctuation and width ignored) are at least
    90% similar, so OCR variants of one header ("（手环)" / "(手环)") count as the same line.
    """
    band = [
        {_norm_key(line.text) for line in page.lines if _in_edge_band(line, page.height)} - {""}
        for page in pages
    ]
    need = max(2, (len(pages) + 1) // 2)
    running: set[str] = set()
    for number, keys in enumerate(band):
        for key in keys:
            hits = sum(1 for other, others in enumerate(band) if other == number or _similar_in(key, others))
            if hits >= need:
                running.add(key)
    return running


def _similar_in(key: str, keys: set[str]) -> bool:
    if key in keys:
        return True
    return any(
        abs(len(key) - len(k)) <= 0.1 * len(key) and difflib.SequenceMatcher(None, key, k).ratio() >= 0.9
        for k in keys
    )


def _in_edge_band(line: OcrLine, height: int) -> bool:
    return line.yc < height * EDGE_BAND or line.yc > height * (1 - EDGE_BAND)


def strip_page(page: OcrPage, running: set[str] = frozenset()) -> list[OcrLine]:  # type: ignore[assignment]
    """Kept lines of a page: without seal debris, running headers/footers and page numbers."""
    left, char_w = _margins(page.lines)
    kept = []
    for line in page.lines:
        if is_debris(line, left, char_w):
            continue
        if _in_edge_band(line, page.height):
            if _norm_key(line.text) in running or _PAGE_NUMBER.match(line.text):
                continue
        kept.append(line)
    return kept


# --------------------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class _Row:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float


def _char_width(line: OcrLine) -> float:
    return (line.x1 - line.x0) / max(1, len(line.text))


def _margins(lines: Iterable[OcrLine]) -> tuple[float | None, float | None]:
    """Left body margin and typical char width from the lines long enough to be body text."""
    body = [ln for ln in lines if len(ln.text) >= 8 and ln.score >= MIN_CONFIDENCE]
    if not body:
        return None, None
    xs = sorted(ln.x0 for ln in body)
    return xs[len(xs) // 10], statistics.median(_char_width(ln) for ln in body)


def group_rows(lines: Sequence[OcrLine]) -> list[_Row]:
    """Merge boxes that share a visual row (left to right); rows come out top to bottom."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.yc, ln.x0)):
        if rows:
            last = rows[-1]
            yc = statistics.fmean(ln.yc for ln in last)
            tol = 0.5 * min(statistics.median(ln.height for ln in last), line.height)
            if abs(line.yc - yc) <= tol:
                last.append(line)
                continue
        rows.append([line])
    result = []
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
        text = row[0].text.strip()
        for prev, cur in zip(row, row[1:]):
            gap = cur.x0 - prev.x1
            sep = " " if gap > 1.0 * max(_char_width(prev), 1.0) else _joiner(text, cur.text)
            text += sep + cur.text.strip()
        result.append(_Row(text, row[0].x0, row[-1].x1, min(ln.y0 for ln in row), max(ln.y1 for ln in row)))
    return result


def _joiner(left: str, right: str) -> str:
    return " " if _ASCII_ALNUM_END.search(left) and _ASCII_ALNUM_START.search(right.strip()) else ""


def rows_to_paragraphs(rows: Sequence[_Row]) -> list[str]:
    """Join visual rows into paragraphs.

    A row ends its paragraph when it stops short of the right margin; a row starts a new
    paragraph when it is indented, starts with a numbering marker, or follows a large gap.
    """
    body = [r for r in rows if len(r.text) >= 8]
    if not body:
        return [r.text for r in rows]
    lefts = sorted(r.x0 for r in body)
    rights = sorted(r.x1 for r in body)
    left = lefts[len(lefts) // 10]
    right = rights[(len(rights) * 9) // 10]
    char_w = statistics.median((r.x1 - r.x0) / max(1, len(r.text)) for r in body)
    pitches = [b.y0 - a.y0 for a, b in zip(rows, rows[1:]) if b.y0 > a.y0]
    pitch = statistics.median(pitches) if pitches else None
    paragraphs: list[str] = []
    prev: _Row | None = None
    for row in rows:
        new = (
            prev is None
            or prev.x1 < right - 1.5 * char_w
            or row.x0 > left + 1.2 * char_w
            or bool(_NUMBERING.match(row.text))
            or (pitch is not None and row.y0 - prev.y0 > 1.8 * pitch)
        )
        if new:
            paragraphs.append(row.text)
        else:
            paragraphs[-1] += _joiner(paragraphs[-1], row.text) + row.text
        prev = row
    return paragraphs


# --------------------------------------------------------------------------- brackets


_BRACKET_PAIR = re.compile(r"([(（])([^()（）\n]{0,60})[)）]")


def normalise_brackets(text: str) -> str:
    """Use full-width brackets in Chinese text, where OCR mixes ``(`` / ``（`` and ``)`` / ``）``.

    A bracket pair is made full-width when its content or its neighbourhood is Chinese;
    purely latin/numeric pairs in latin context (``(SN)`` inside an English phrase) stay as they are.
    """

    def fix(match: re.Match[str]) -> str:
        inner = match.group(2)
        before = text[max(0, match.start() - 1) : match.start()]
        after = text[match.end() : match.end() + 1]
        if _CJK.search(inner) or _CJK.search(before) or _CJK.search(after) or not inner.strip():
            return f"（{inner}）"
        return match.group(0)

    return _BRACKET_PAIR.sub(fix, text)


# --------------------------------------------------------------------------- page text


def page_text(page: OcrPage, running: set[str] = frozenset()) -> tuple[str, float | None]:  # type: ignore[assignment]
    """Paragraph text of one OCR'd page and the mean confidence of its kept lines."""
    kept = strip_page(page, running)
    if not kept:
        return "", None
    paragraphs = rows_to_paragraphs(group_rows(kept))
    text = "\n".join(normalise_brackets(p) for p in paragraphs if p.strip())
    return text, round(statistics.fmean(ln.score for ln in kept), 4)


# --------------------------------------------------------------------------- images


def read_image(
    path: Path,
    *,
    cache_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    engine: OcrEngine | None = None,
) -> RawDocument:
    """OCR a .png/.jpg image of a document page into a one-page RawDocument (by ``engine``, default a new one).

    Raises:
        IngestError: the file is not a readable image, or no text was found in it.
    """
    path = Path(path)
    try:
        from PIL import Image, ImageOps

        with Image.open(path) as img:
            img.load()
            image = ImageOps.exif_transpose(img).convert("RGB")
    except (OSError, ValueError) as exc:
        raise IngestError(f"{path.name}: not a readable image ({exc}); check the file or convert it to PNG") from exc
    if progress:
        progress("OCR 第1/1页")
    result = (engine or OcrEngine()).cached(file_sha256(path), 1, cache_dir, lambda: image)
    text, confidence = page_text(result)
    if not text.strip():
        raise IngestError(f"{path.name}: no text found in the image by OCR; check that it shows a document page")
    page = PageInfo(number=1, start=0, end=len(text), ocr=True, confidence=confidence)
    return RawDocument(source=path.name, format="image", text=text, pages=[page])
