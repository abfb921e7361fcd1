"""build(paths, index_dir) -> BuildReport: the only place that chains the stages.

Files are read, cleaned, segmented and extracted (in worker processes or Ray tasks, ``kb.runners``) into a copy of
the index folder, ``.<name>.building``, committed document by document with their vectors embedded in jobs; the
search indexes are refreshed there and the copy is swapped in at the end, so a failed or interrupted build leaves
the previous index exactly as it was, and a killed one resumes from its copy on the next run.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import os
import re
import shutil
import time
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from kb.config import Settings
from kb.errors import IngestError, KBError, ScannedDocumentError
from kb.extract import extract_document
from kb.ingest import clean, meta, segment, tables
from kb.ingest.ocr import OcrEngine
from kb.ingest.offsets import MappedText, aligned
from kb.ingest.readers import check_file, read_document
from kb.models import BuildReport, Clause, Document, FileResult, RawDocument, Records, TableBlock
from kb.runners import done_future
from kb.store import Store

LOW_COVERAGE = 0.6  # below this share of body characters in clauses, the file gets a warning
_SKIP_NAMES = re.compile(r"^(README|SOURCES|LICENSE)(\.\w+)?$", re.I)
_ID_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.-]+")

Progress = Callable[[str], None]


@functools.cache
def pipeline_version() -> str:
    """A hash of the ingest and extraction code and data: when it changes, unchanged files are processed again
    (their embeddings stay cached by text, so only changed clauses are re-embedded)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha1()
    for folder in ("ingest", "extract", "data"):
        for f in sorted((root / folder).rglob("*")):
            if f.is_file() and f.suffix in (".py", ".json", ".txt"):
                digest.update(f.relative_to(root).as_posix().encode())
                digest.update(f.read_bytes())
    for module in ("pipeline.py", "places.py", "models.py"):
        digest.update((root / module).read_bytes())
    return digest.hexdigest()[:12]


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders (recursively, sorted); folder walks skip README/SOURCES files and dotfiles."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    if not _SKIP_NAMES.match(f.name):
                        out.append(f)
        else:
            out.append(p)
    return out


def doc_id_for(path: Path) -> str:
    """A document's id: its file stem made safe for ids and URLs."""
    return _ID_UNSAFE.sub("_", Path(path).stem).strip("_") or "doc"


def ingest_file(
    path: Path,
    settings: Settings,
    *,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    data: bytes | None = None,
    ocr_engine: OcrEngine | None = None,
) -> tuple[Document, list[Clause]]:
    """Read one file and turn it into a Document and its clauses (no storage); ``data`` = its bytes if already read,
    ``ocr_engine`` the caller's OCR engine (default: a new one, loaded only if a page needs OCR)."""
    path = Path(path)
    if data is None:
        check_file(path, _max_bytes(settings))
        data = path.read_bytes()
    raw = read_document(path, ocr=settings.ocr, max_bytes=_max_bytes(settings), cache_dir=cache_dir,
                        progress=progress, data=data, ocr_engine=ocr_engine)
    doc_id = doc_id_for(path)
    # the cleaned text with its tables rewritten, mapped to the reader's text
    original, blocks = tables.extract_tables(clean.clean_text(MappedText.of(raw.text)))
    text = clean.to_simplified(original.text)
    if not text.strip():
        raise IngestError(f"{path.name}: no text left after cleaning: check that the file holds a document")
    simplified = aligned(original.text, text)  # the final text mapped to ``original``
    if len(text) != len(original):  # 繁->简 changed lengths: move the table spans onto the simplified text
        blocks = [_moved_onto(b, simplified) for b in blocks]
    info = meta.extract_metadata(text, raw.hints, raw.source)
    clauses = segment.segment(text, doc_id, blocks)
    cov = segment.coverage(text, clauses)
    clauses = _with_display_and_pages(clauses, simplified, original, raw)
    warnings = list(raw.warnings)
    if cov < LOW_COVERAGE:
        warnings.append(f"low coverage: only {cov:.0%} of the body landed in clauses; check the numbering")
    document = Document(
        id=doc_id,
        source=raw.source,
        **info.model_dump(),
        sha256=hashlib.sha256(data).hexdigest(),
        format=raw.format,
        text=text,
        coverage=round(cov, 4),
        ocr_pages=[p.number for p in raw.pages if p.ocr],
        warnings=warnings,
        pipeline=pipeline_version(),
    )
    return document, clauses


def _moved_onto(block: TableBlock, text: MappedText) -> TableBlock:
    """A table block whose spans point into ``text``'s source, moved onto ``text`` itself."""
    at = text.position
    spans = [(at(a), at(b)) for a, b in block.row_spans]
    return block.model_copy(update={"start": at(block.start), "end": at(block.end), "row_spans": spans})


def _with_display_and_pages(
    clauses: list[Clause], simplified: MappedText, original: MappedText, raw: RawDocument
) -> list[Clause]:
    """Attach the original (traditional) characters and, for paged sources, page and OCR confidence.

    Args:
        clauses: the clauses of the final (simplified) text.
        simplified: the final text, mapped to ``original``.
        original: the cleaned text before 繁->简, mapped to ``raw.text`` (where the pages are).
        raw: the reader's document.
    """
    page_starts = [p.start for p in raw.pages]
    out = []
    for c in clauses:
        update: dict[str, object] = {}
        shown = original.text[simplified.source(c.start) : simplified.source(c.end)]
        if shown != c.text:
            update["display_text"] = shown
        if raw.pages:  # the page the clause's first character was read from
            source = original.source(simplified.source(c.start))
            page = raw.pages[max(bisect_right(page_starts, source) - 1, 0)]
            update["page"] = page.number
            if page.ocr:
                update["ocr_confidence"] = page.confidence
        out.append(c.model_copy(update=update) if update else c)
    return out


def build(
    paths: Sequence[Path],
    index_dir: Path,
    settings: Settings | None = None,
    *,
    on_file: Callable[[FileResult], None] | None = None,
    progress: Progress | None = None,
    refresh_index: bool = True,
    workers: int | None = None,
    ray_address: str | None = None,
    embedder: Any = None,
) -> BuildReport:
    """Ingest files and folders into ``index_dir`` (built aside, then swapped in).

    Files are read, cleaned, segmented and extracted in worker processes (or Ray tasks) while this process stores
    each document and embeds its new texts in jobs; every document and every job is committed to the building copy
    (``.<name>.building`` beside the index) as it completes, so a build killed at any point resumes on the next run
    without re-embedding anything it kept. The live index is untouched until the finished copy is swapped in.

    Args:
        paths: files and folders to ingest.
        index_dir: the index folder (created when missing).
        settings: ingest and model settings.
        on_file: called with each file's result as soon as it is stored, in file order.
        progress: called with short progress messages (embedding, indexing).
        refresh_index: also embed and rebuild the search indexes (vectors, BM25).
        workers: parsing processes (default: one per core but one, at least one; 0: parse in this process).
        ray_address: run parsing and embedding on Ray: "local" starts a local cluster, "auto" or "ray://host:port"
            joins one (see ``kb.runners.RayRunner``).
        embedder: the caller's model of ``settings.embedder`` (the app lends its own); default: the build's own.

    Returns:
        The report: one FileResult per file, totals.

    Raises:
        IngestError: another build of the same index is running.
    """
    settings = settings or Settings()
    started = time.perf_counter()
    index_dir = Path(index_dir)
    files = collect_files(paths)
    work, lock = _workspace(index_dir)
    results: list[FileResult] = []
    embedded = 0
    try:
        store = Store.open(work, create=True)
        try:
            with _runner(settings, workers, ray_address, len(files), refresh_index, embedder) as runner:
                jobs = runner.vector_jobs(store, progress) if refresh_index else None
                for result, parsed in _parsed_files(files, store, settings, work / "ocr-cache", runner):
                    _store_parsed(store, result, parsed, jobs, settings)
                    results.append(result)
                    if on_file:
                        on_file(result)
                if jobs is not None:
                    embedded = jobs.finish()
                    embedded += _refresh(work, store, settings, progress, runner)
            n_docs, n_clauses = len(store.doc_ids()), store.clause_count()
        finally:
            store.close()
        _swap(work, index_dir)
    except Exception:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:  # KeyboardInterrupt and kill -9 keep the building copy: the next run resumes from it
        os.close(lock)
    return BuildReport(
        index_dir=str(index_dir),
        files=results,
        documents=n_docs,
        clauses=n_clauses,
        embedded=embedded,
        seconds=round(time.perf_counter() - started, 3),
    )


Parsed = tuple[Document, list[Clause], Records]


def _store_parsed(store: Store, result: FileResult, parsed: Parsed | None, jobs: Any, settings: Settings) -> None:
    """Store one parsed file in the building copy, queue its new texts for embedding (``jobs`` None: no index
    refresh) and note where its original lies (``kb reparse``, the app's 查看原文)."""
    if parsed is not None:
        document, clauses, records = parsed
        store.put_document(document, clauses, records)
        if jobs is not None:
            from kb.index import document_texts

            jobs.add(document_texts(document, clauses, settings))
    if result.doc_id and result.status in ("ok", "unchanged"):
        remember_original(store, result.doc_id, Path(result.path))


def parse_file(
    path: Path, settings: Settings, cache_dir: Path | None = None, data: bytes | None = None,
    ocr_engine: OcrEngine | None = None,
) -> tuple[FileResult, Parsed | None]:
    """Read, clean, segment and extract one file (no storage): what a worker process or Ray task runs.

    Never raises for a bad file: the FileResult says what went wrong and what to do.
    """
    t0 = time.perf_counter()
    name = str(path)
    try:
        document, clauses = ingest_file(path, settings, cache_dir=cache_dir, data=data, ocr_engine=ocr_engine)
        records = extract_document(document, clauses)
        result = FileResult(path=name, status="ok", doc_id=document.id, clauses=len(clauses),
                            coverage=document.coverage, seconds=_since(t0), ocr_pages=len(document.ocr_pages),
                            reason="; ".join(document.warnings))
        return result, (document, clauses, records)
    except ScannedDocumentError as e:
        return FileResult(path=name, status="skipped", reason=str(e), seconds=_since(t0)), None
    except KBError as e:
        return FileResult(path=name, status="failed", reason=str(e), seconds=_since(t0)), None
    except Exception as e:  # a reader or parser bug must not sink the batch
        return FileResult(
            path=name, status="failed", seconds=_since(t0),
            reason=f"{path.name}: could not be read ({type(e).__name__}: {e}); the file may be corrupt",
        ), None


def _parsed_files(
    files: Sequence[Path], store: Store, settings: Settings, cache_dir: Path, runner: Any
) -> Iterator[tuple[FileResult, Parsed | None]]:
    """Each file's result (and parse) in file order; unchanged files are recognised here by their hash, the others
    parsed by ``runner`` with a bounded number ahead (memory stays bounded whatever the number of files)."""
    ahead: deque[Future[tuple[FileResult, Parsed | None]]] = deque()
    seen: dict[str, Path] = {}
    for f in files:
        ahead.append(_start_file(f, seen, store, settings, cache_dir, runner))
        while len(ahead) > runner.ahead or (ahead and ahead[0].done() and len(ahead) > 1):
            yield ahead.popleft().result()
    while ahead:
        yield ahead.popleft().result()


def _start_file(
    f: Path, seen: dict[str, Path], store: Store, settings: Settings, cache_dir: Path, runner: Any
) -> Future[tuple[FileResult, Parsed | None]]:
    other = seen.setdefault(doc_id_for(f), f)
    if other != f:  # two files of one batch would be one document: keep the first, say so
        return done_future((FileResult(
            path=str(f), status="failed",
            reason=f"{f.name}: same document id as {other} (ids come from file names): rename one of them",
        ), None))
    t0 = time.perf_counter()
    try:
        check_file(f, _max_bytes(settings))  # before reading the bytes to hash them
        data = f.read_bytes()
    except KBError as e:
        return done_future((FileResult(path=str(f), status="failed", reason=str(e), seconds=_since(t0)), None))
    except OSError as e:
        return done_future((FileResult(path=str(f), status="failed", seconds=_since(t0),
                                 reason=f"{f.name}: could not be read ({e}): check the file's permissions"), None))
    doc_id = doc_id_for(f)
    existing = store.document(doc_id)
    if existing is not None and existing.sha256 == hashlib.sha256(data).hexdigest() and (
        existing.pipeline == pipeline_version()
    ):
        return done_future((FileResult(path=str(f), status="unchanged", doc_id=doc_id, clauses=store.clause_count(doc_id),
                                 coverage=existing.coverage, seconds=_since(t0)), None))
    return runner.parse(f, settings, cache_dir, data)


def _runner(settings: Settings, workers: int | None, ray_address: str | None, n_files: int, embed: bool,
            embedder: Any) -> Any:
    from kb.runners import LocalRunner, RayRunner

    if ray_address:
        return RayRunner(ray_address, settings, workers=workers, embed=embed, embedder=embedder)
    if workers is None:
        workers = max(1, (os.cpu_count() or 2) - 1) if n_files >= 4 else 0
    return LocalRunner(settings, workers=workers, embed=embed, embedder=embedder)


def _refresh(work: Path, store: Store, settings: Settings, progress: Progress | None, runner: Any = None,
             embedder: Any = None) -> int:
    from kb import index  # lazy: faiss and the embedding model load only when a build refreshes

    options = runner.refresh_options() if runner is not None else {"embedder": embedder}
    return int(index.refresh(work, store, settings, progress=progress, **options) or 0)


def _max_bytes(settings: Settings) -> int:
    return settings.max_file_mb * 1024 * 1024


def _since(t0: float) -> float:
    return round(time.perf_counter() - t0, 3)


def _workspace(index_dir: Path) -> tuple[Path, int]:
    """The building copy of the index folder, locked for this process: ``.<name>.building`` beside it (so the final
    rename stays on one disk). A copy left by a killed build is resumed as it is; otherwise the live index is copied
    (into a temp name first: a copy cut short is never mistaken for a resumable one).

    Returns:
        (the folder, an open descriptor holding its lock: close it when done).

    Raises:
        IngestError: another build of this index holds the lock.
    """
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    work = index_dir.parent / f".{index_dir.name}.building"
    if not work.exists():
        tmp = index_dir.parent / f".{index_dir.name}.copy-{os.getpid()}-{time.time_ns()}"
        if index_dir.exists():
            shutil.copytree(index_dir, tmp)
        else:
            tmp.mkdir()
        try:
            os.rename(tmp, work)
        except OSError:  # another build created it first: use theirs if we get the lock
            shutil.rmtree(tmp, ignore_errors=True)
    fd = os.open(work, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise IngestError(
            f"another `kb ingest` is building {index_dir} right now: wait for it to finish, then run this again"
        ) from None
    return work, fd


def _swap(work: Path, index_dir: Path) -> None:
    """Put the finished copy in place of the live index: one atomic exchange where Linux offers it (a search
    opening the index at that instant sees the old or the new one, never none), else two renames."""
    old = index_dir.parent / f".{index_dir.name}.old-{os.getpid()}-{time.time_ns()}"
    if index_dir.exists() and _exchange(work, index_dir):
        os.rename(work, old)  # the old index, out of the building name at once (a next build must not resume it)
        shutil.rmtree(old, ignore_errors=True)
        return
    if index_dir.exists():
        os.replace(index_dir, old)
    os.replace(work, index_dir)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False where that is not available."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def remove_documents(index_dir: Path, doc_ids: Sequence[str], settings: Settings | None = None,
                     on_removed: Callable[[Store, str], None] | None = None,
                     progress: Progress | None = None, embedder: Any = None) -> int:
    """Remove documents from an index (built aside, then swapped in); returns how many were removed.

    ``on_removed(store, doc_id)`` runs in the building copy after each deletion (the library writes its audit line
    there, so it is published with the removal). Like ``build`` it works in the building copy: one left by a killed
    build is completed (its documents published). ``embedder``: as for ``build``.
    """
    settings = settings or Settings()
    with _aside(Path(index_dir)) as store:
        known = store.doc_ids()
        gone = [d for d in doc_ids if d in known]
        for d in gone:
            store.delete_document(d)
            if on_removed is not None:
                on_removed(store, d)
        _refresh(store.path.parent, store, settings, progress, embedder=embedder)
    return len(gone)


ORIGINAL_KEY = "original:"  # kv key prefix: where a document's original file was read from


def remember_original(store: Store, doc_id: str, path: Path) -> None:
    """Note where a document's original lies (``kb reparse`` and the app's original-page view read it again)."""
    store.set_kv(ORIGINAL_KEY + doc_id, str(Path(path).resolve()))


def reingest_documents(index_dir: Path, items: Sequence[tuple[str, Path]], settings: Settings | None = None, *,
                       on_stored: Callable[[Store, Document, Path], None] | None = None,
                       progress: Progress | None = None, embedder: Any = None) -> list[FileResult]:
    """Parse documents again under their ids (a new version of each, or the same original after a parser upgrade),
    whatever their hash; built aside and swapped in like ``build``. Returns one FileResult per item.

    A file that fails keeps its document's previous version (its result says why). ``on_stored(store, document,
    path)`` runs in the building copy after each document is stored (the library copies the original and writes
    its audit line there, so they are published with the new version). Cached vectors no clause needs are dropped.
    ``embedder``: as for ``build``.

    Raises:
        KBError: a file whose name does not give its document id, or every file failed (nothing is swapped then).
    """
    from kb.index import make_embedder, vector_keys

    settings = settings or Settings()
    if bad := [(d, p) for d, p in items if doc_id_for(p) != d]:
        raise KBError(f"{Path(bad[0][1]).name}: its name gives the id {doc_id_for(bad[0][1])!r}, not {bad[0][0]!r}")
    results: list[FileResult] = []
    with _aside(Path(index_dir)) as store:
        for doc_id, path in items:
            result, parsed = parse_file(Path(path), settings, store.path.parent / "ocr-cache")
            results.append(result)
            if parsed is not None:
                store.put_document(*parsed)
                remember_original(store, doc_id, Path(path))
                if on_stored is not None:
                    on_stored(store, parsed[0], Path(path))
        if not any(r.status == "ok" for r in results):
            raise KBError("; ".join(r.reason for r in results) or "nothing to parse")
        embedder = embedder or make_embedder(settings.embedder)
        _refresh(store.path.parent, store, settings, progress, embedder=embedder)
        store.prune_vectors(embedder.name, vector_keys(store, settings))
    return results


@contextlib.contextmanager
def _aside(index_dir: Path) -> Iterator[Store]:
    """The store of the building copy for a library change: swapped in when the block ends, dropped on an error."""
    work, lock = _workspace(index_dir)
    try:
        store = Store.open(work, create=True)
        try:
            yield store
        finally:
            store.close()
        _swap(work, index_dir)
    except Exception:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        os.close(lock)
