"""Self-check of structure and titles over whole folders: every file is its own oracle.

Runs read + clean + segment + metadata (no extraction, no embeddings, no index) over every file and compares:

* articles: the source's lines that start with 第…条 (the markdown source, or the text of an HTML page) against
  the clauses numbered 第…条, in order: every article line must start exactly one clause;
* title: against the source's title line (``# …`` for markdown, the 标题 row of a gov.cn metadata table);
* gov.cn metadata: 发文字号, 发文机关 and 成文日期 rows against the document's 文号, issuer and date.

Usage:
    nice python scripts/check_archive.py ../shared/archive [--workers 2] [--show 50] [--json out.json]

Prints one line per file that disagrees, then a summary line with totals.
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import re
import sys
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.config import Settings  # noqa: E402
from kb.errors import KBError  # noqa: E402
from kb.pipeline import collect_files, ingest_file  # noqa: E402

SUFFIXES = {".md", ".txt", ".html", ".htm", ".docx", ".pdf"}
# A source line that starts an article: 第 + up to 12 characters that are not a sentence + 条 (+ 之一), not
# followed by what makes it a reference ("第三十一条的决定》第一次修正" wrapped from a history line).
ARTICLE_LINE = re.compile(
    r"^[ \t\u3000]*(第[^条\s，。；、《》]{1,12}?[ \t\u3000]*条(?:之[一二三四五六七八九十]+)?)(?![的规之所第款项中和及或至、》])"
)
# An article label inside a source line, after a sentence: the source joined two articles.
JOINED = re.compile(r"[。；！？][ \t\u3000]*(第[一二三四五六七八九十百千零〇两\d]{1,9}条(?:之[一二三四五六七八九十]+)?)")
MD_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)
GOV_ROW = re.compile(r"^(标题|发文字号|发文机关|成文日期)[:：](.*)$")
WS = re.compile(r"[\s\u3000\xa0]+")
# The archive's folders say the level or province of what they hold (../shared/archive/SOURCES.md).
FOLDER_PLACE = {
    "national-laws": "national", "govcn": "national", "beijing": "北京市", "chongqing": "重庆市",
    "guangdong": "广东省", "henan": "河南省", "shandong": "山东省", "shanghai": "上海市", "zhejiang": "浙江省",
}


def _squash(s: str) -> str:
    return WS.sub("", s or "")


def _html_lines(raw: str) -> list[str]:
    """The page's text, one block per line, read with a regex (independent of the reader under test)."""
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", raw)
    text = html.unescape(re.sub(r"(?s)<[^>]+>", "\n", raw))
    return [ln.strip(" \t\u3000\xa0") for ln in text.splitlines() if ln.strip(" \t\u3000\xa0")]


def _gov_table(lines: list[str]) -> dict[str, str]:
    """The gov.cn metadata rows: a label cell "标　　题：" and its value in the next cell."""
    found: dict[str, str] = {}
    for i, line in enumerate(lines[:80]):
        m = GOV_ROW.match(_squash(line))
        if m and m.group(1) not in found:
            value = m.group(2) or (lines[i + 1] if i + 1 < len(lines) else "")
            found[m.group(1)] = value.strip()
    return found


def source_oracle(path: Path) -> dict:
    """What the source file itself says: its article lines, title line and gov.cn table rows."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() in (".html", ".htm"):
        lines = _html_lines(raw)
        table = _gov_table(lines)
        title = table.get("标题", "")
    elif path.suffix.lower() == ".md":
        lines, table = raw.splitlines(), {}
        m = MD_TITLE.search(raw)
        title = m.group(1) if m else ""
    else:
        lines, table, title = raw.splitlines(), {}, ""
    joined = {m.group(1) for m in JOINED.finditer(raw)}
    return {"articles": _articles(lines), "title": title, "table": table, "joined": joined}


def _articles(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        m = ARTICLE_LINE.match(line)
        if m:
            out.append(_squash(m.group(1)))
    return out


def check_file(path: Path) -> dict:
    """One file: the disagreements between what the pipeline found and what the source says."""
    started = time.perf_counter()
    want = source_oracle(path)
    try:
        doc, clauses = ingest_file(path, Settings(ocr=False))
    except KBError as exc:
        return {"path": str(path), "error": str(exc), "articles": len(want["articles"]), "problems": ["unreadable"]}
    found = [c.number for c in clauses if re.fullmatch(r"第.+条(?:之.+)?", c.number)]
    problems: list[str] = []
    missing, extra = _diff(want["articles"], found)
    inline = [n for n in extra if n in want["joined"]]
    extra = [n for n in extra if n not in want["joined"]]
    if missing:
        problems.append(f"articles missing {len(missing)}: {' '.join(missing[:6])}")
    if extra:
        problems.append(f"articles extra {len(extra)}: {' '.join(extra[:6])}")
    # Articles the source joined into one line ("…制定。第四十二条本条例自…"): split, and only reported.
    notes = [f"articles joined in a source line, split {len(inline)}: {' '.join(inline[:6])}"] if inline else []
    if want["title"] and _squash(want["title"]) != _squash(doc.title):
        problems.append(f"title {doc.title!r} != source {want['title']!r}")
    table = want["table"]
    if table:
        if _squash(table.get("发文字号")) != _squash(doc.doc_number):
            problems.append(f"文号 {doc.doc_number!r} != table {table.get('发文字号')!r}")
        if _squash(table.get("发文机关")) != _squash(doc.issuer):
            problems.append(f"issuer {doc.issuer!r} != table {table.get('发文机关')!r}")
        date = re.sub(r"[年月]", "-", table.get("成文日期", "")).rstrip("日")
        if date and date != doc.date:
            problems.append(f"date {doc.date!r} != table {table.get('成文日期')!r}")
    place = next((FOLDER_PLACE[p] for p in reversed(path.parts) if p in FOLDER_PLACE), "")
    if place == "national" and doc.level != "national":
        problems.append(f"level {doc.level!r} ({doc.region}) != national")
    elif place and place != "national" and doc.province != place:
        problems.append(f"level/province {doc.level!r} {doc.province!r} != folder {place}")
    return {
        "path": str(path),
        "title": doc.title,
        "date": doc.date,
        "level": doc.level,
        "region": doc.region,
        "issuer": doc.issuer,
        "articles": len(want["articles"]),
        "articles_ok": len(want["articles"]) - len(missing),
        "clauses": len(clauses),
        "problems": problems,
        "notes": notes,
        "seconds": round(time.perf_counter() - started, 3),
    }


def _diff(want: list[str], found: list[str]) -> tuple[list[str], list[str]]:
    """Article labels in the source but not found, and found but not in the source (order-aware)."""
    missing: list[str] = []
    extra: list[str] = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, want, found, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            missing.extend(want[a0:a1])
        if op in ("insert", "replace"):
            extra.extend(found[b0:b1])
    return missing, extra


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--show", type=int, default=200, help="print at most this many disagreeing files")
    ap.add_argument("--json", type=Path, help="write every file's result here")
    args = ap.parse_args(argv)
    files = [f for f in collect_files(args.folders) if f.suffix.lower() in SUFFIXES]
    started = time.perf_counter()
    with Pool(args.workers) as pool:
        results = sorted(pool.imap_unordered(check_file, files, chunksize=8), key=lambda r: r["path"])
    bad = [r for r in results if r["problems"]]
    for r in bad[: args.show]:
        print(f"{r['path']}: {'; '.join(r['problems'])}")
    noted = [r for r in results if r.get("notes")]
    for r in noted[: args.show]:
        print(f"note {r['path']}: {'; '.join(r['notes'])}")
    articles = sum(r["articles"] for r in results)
    ok = sum(r.get("articles_ok", 0) for r in results)
    kinds = {
        kind: sum(1 for r in results if any(p.startswith(kind) for p in r["problems"]))
        for kind in ("articles missing", "articles extra", "title", "文号", "issuer", "date", "level", "unreadable")
    }
    print(
        f"files {len(results)}, disagreeing {len(bad)}; article lines {articles}, starting one clause {ok} "
        f"({ok / max(articles, 1):.4%}); files with: "
        + ", ".join(f"{k} {v}" for k, v in kinds.items())
        + f"; notes: joined article lines in {len(noted)} files; {time.perf_counter() - started:.0f}s"
    )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
