"""HTML page -> the content container's lines, data tables as TABLE blocks, and the gov.cn metadata table as hints."""

from __future__ import annotations

import re
from typing import Any

from kb.errors import IngestError
from kb.ingest.textfile import CJK, SPACES, table_lines
from kb.models import DocHints, RawDocument

_DROP_TAGS = (
    "script", "style", "noscript", "nav", "header", "footer", "form", "iframe", "button",
    "select", "input", "textarea", "svg", "object", "embed", "template", "head", "aside",
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd div dl dt fieldset figcaption figure h1 h2 h3 h4 "
    "h5 h6 hr li main ol p pre section table tbody td tfoot th thead tr ul caption".split()
)
_CHROME_HINT = re.compile(
    r"(^|[-_ ])(nav|menu|footer|header|breadcrumb|crumb|share|sidebar|side|toolbar|foot|top|"
    r"search|login|copyright|related|comment|advert|ads?|banner|qr)([-_ ]|\d|$)",
    re.I,
)
_LABEL_CLEAN = re.compile(r"[\s\u3000\xa0:：]+")
_HINT_LABELS = {
    "标题": "title",
    "名称": "title",
    "发文机关": "issuer",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "成文日期": "date",
    "发布日期": "published",
    "索引号": "index_number",
}
_NEXT_LABEL = re.compile(r"\s+[^\s:：]{1,3}(?:\s?[^\s:：]){1,5}\s*[:：]")
_DATE = re.compile(r"(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})")


def read_html(name: str, data: bytes) -> RawDocument:
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(data, "lxml")
    hints = html_hints(soup)
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    container = _content_container(soup)
    lines: list[str] = []
    _html_lines(container, lines)
    text = "\n".join(line for line in (SPACES.sub(" ", ln).strip() for ln in lines) if line)
    if not text.strip():
        raise IngestError(f"{name}: no body text found in the HTML page; save the page's article text as .txt")
    return RawDocument(source=name, format="html", text=text, hints=hints)


def html_hints(soup: Any) -> DocHints:
    """Read the gov.cn metadata table (标题/发文机关/成文日期/发文字号/发布日期) into DocHints."""
    found: dict[str, str] = {}
    cells = soup.find_all(["td", "th", "li", "dt", "dd"])
    for i, cell in enumerate(cells):
        raw = cell.get_text(" ", strip=True)
        if not raw or len(raw) > 200:
            continue
        label = _LABEL_CLEAN.sub("", raw)
        key = _HINT_LABELS.get(label)
        value = ""
        if key and i + 1 < len(cells):
            value = cells[i + 1].get_text(" ", strip=True)
        elif not key:
            m = re.match(r"^\s*([^:：]{2,8}?)\s*[:：]\s*(.+)$", raw)
            if m:
                key = _HINT_LABELS.get(_LABEL_CLEAN.sub("", m.group(1)))
                value = _NEXT_LABEL.split(m.group(2), maxsplit=1)[0]  # a cell holding the whole table
        value = " ".join(value.split())
        if key and value and key not in found and _LABEL_CLEAN.sub("", value) not in _HINT_LABELS:
            found[key] = value
    for meta_name, key in (("ArticleTitle", "title"), ("PubDate", "published")):
        tag = soup.find("meta", attrs={"name": meta_name})
        if key not in found and tag is not None and (tag.get("content") or "").strip():
            found[key] = " ".join(tag["content"].split())
    for key in ("date", "published"):
        if key in found:
            m = _DATE.search(found[key])
            found[key] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else ""
    return DocHints(**{k: v for k, v in found.items() if v})


def _content_container(soup: Any) -> Any:
    """The element holding the article: the parent with the most text in direct <p>/<div> children."""
    scores: dict[int, tuple[int, Any]] = {}
    for p in soup.find_all(["p", "br"]):
        parent = p.parent
        if parent is None or _is_chrome(parent):
            continue
        n = len(CJK.findall(p.get_text())) if p.name == "p" else 5
        key = id(parent)
        old = scores.get(key, (0, parent))[0]
        scores[key] = (old + n, parent)
    body = soup.body or soup
    if not scores:
        return body
    best_score, best = max(scores.values(), key=lambda t: t[0])
    if best_score < 100:
        return body
    return best


def _is_chrome(tag: Any) -> bool:
    """True for containers whose id/class names navigation, footers, share bars and the like."""
    names = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
    return bool(names) and bool(_CHROME_HINT.search(names))


def _html_lines(el: Any, lines: list[str]) -> None:
    """Append el's text as lines: a new line at each block element, data tables as TABLE blocks."""
    from bs4 import NavigableString, Tag

    if not lines:
        lines.append("")
    for child in el.children:
        if isinstance(child, NavigableString):
            lines[-1] += str(child).replace("\n", " ")
            continue
        if not isinstance(child, Tag):
            continue
        if child.name == "br":
            lines.append("")
            continue
        if child.name == "table":
            grid = _html_table_grid(child)
            if grid is not None:
                lines.extend(table_lines(grid))
                lines.append("")
                continue
        block = child.name in _BLOCK_TAGS
        if block:
            lines.append("")
        _html_lines(child, lines)
        if block:
            lines.append("")


def _html_table_grid(table: Any) -> list[list[str]] | None:
    """A data table as a grid (colspan/rowspan filled); None for layout tables."""
    if table.find("table") is not None:
        return None
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    grid: list[list[str]] = []
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows left, text) for rowspans
    for tr in rows:
        row: list[str] = []
        cells = tr.find_all(["td", "th"], recursive=False)
        col = 0
        queue = list(cells)
        while queue or col in pending:
            if col in pending:
                left, text = pending.pop(col)
                row.append(text)
                if left > 1:
                    pending[col] = (left - 1, text)
                col += 1
                continue
            cell = queue.pop(0)
            text = " ".join(cell.get_text(" ", strip=True).split())
            span = _int_attr(cell, "colspan")
            down = _int_attr(cell, "rowspan")
            for _ in range(span):
                row.append(text)
                if down > 1:
                    pending[col] = (down - 1, text)
                col += 1
        if any(row):
            grid.append(row)
    if len(grid) < 2 or max(len(r) for r in grid) < 2:
        return None
    cells_text = [c for r in grid for c in r if c]
    if not cells_text or sum(len(c) for c in cells_text) / len(cells_text) > 60:
        return None
    return grid


def _int_attr(tag: Any, attr: str) -> int:
    try:
        return max(1, min(50, int(str(tag.get(attr, 1)).strip() or 1)))
    except ValueError:
        return 1
