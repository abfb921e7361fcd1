"""The offset map cleaning keeps (kb.ingest.offsets): every cleaned character points at where it was read, and
pages come from it (corpus/ snippets and documents: 繁體 with pinyin glosses, doubled punctuation, a web page with
chrome and a repeated body, flattened tables, multi-page PDFs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.config import Settings
from kb.ingest import clean, tables
from kb.ingest.offsets import MappedText, aligned
from kb.ingest.readers import read_document
from kb.pipeline import ingest_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DOCS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".html", ".docx") or p.name.startswith("shandong_j"))
DOCS = [p for p in DOCS if p.name != "SOURCES.md"]
PAGED = [CORPUS / "shandong_jinan_city_2025_jiadian_yijiuhuanxin_butie_shishi_xize.pdf",
         CORPUS / "shandong_province_2025_jiadian_yijiuhuanxin_shishi_fangan.pdf"]
CJK = re.compile("[\u4e00-\u9fff]")
# written, not kept: a table block found in flattened lines, the publication date kept from a chrome line
WRITTEN = re.compile(r"^\[\[TABLE \d+\]\]$.*?^\[\[/TABLE\]\]$|^发布日期：[\d-]+$", re.M | re.S)
FAST = Settings(ocr=False)


def _raw(path: Path) -> str:
    return read_document(path, ocr=False, max_bytes=50 * 2**20).text


def _check_map(out: MappedText, source: str) -> None:
    """Offsets never decrease, stay in the source, and every Chinese character kept points at itself."""
    assert len(out.offsets) == len(out.text) + 1
    assert all(a <= b for a, b in zip(out.offsets, out.offsets[1:]))
    assert 0 <= out.offsets[0] and out.offsets[-1] <= len(source)
    written = {i for m in WRITTEN.finditer(out.text) for i in range(*m.span())}
    wrong = [(i, ch) for i, ch in enumerate(out.text)
             if CJK.match(ch) and i not in written and source[out.offsets[i]] != ch]
    assert not wrong, wrong[:5]
    kept = sum(1 for i, ch in enumerate(out.text) if CJK.match(ch) and i not in written)
    assert kept > 0.5 * len(CJK.findall(out.text))


@pytest.mark.parametrize(
    ("raw", "want", "kept"),
    [  # seed 000: pinyin glosses and doubled punctuation; the kept characters keep their place
        ("河南省民政系統(tǒng)立足新發(fā)展階段,,積極", "河南省民政系統立足新發展階段，積極", {"立": 13, "積": 26}),
        ("一,、高位推動,凝聚工作合力 一是構(gòu)建", "一、高位推動，凝聚工作合力\n一是構建", {"高": 3, "是": 16, "建": 23}),
        ("山 东 省 商 务 厅\n— 2 —\n第３条", "山东省商务厅\n第3条", {"厅": 10, "3": 19}),
    ],
)
def test_offsets_clean_text_points_kept_characters_at_their_source(raw: str, want: str, kept: dict[str, int]) -> None:
    out = clean.clean_text(MappedText.of(raw))
    assert out.text == want == clean.clean_text(raw)
    for ch, at in kept.items():
        assert out.offsets[out.text.index(ch)] == at and raw[at] in (ch, "３")
    _check_map(out, raw)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name[:40])
def test_offsets_whole_documents_map_back_to_their_reader_text(path: Path) -> None:
    raw = _raw(path)
    cleaned = clean.clean_text(MappedText.of(raw))
    assert cleaned.text == clean.clean_text(raw)
    _check_map(cleaned, raw)
    rewritten, blocks = tables.extract_tables(cleaned)
    assert (rewritten.text, blocks) == tables.extract_tables(cleaned.text)
    assert all(a <= b for a, b in zip(rewritten.offsets, rewritten.offsets[1:]))


def test_offsets_table_rows_point_at_their_first_cell() -> None:
    """A docx table (one cell per line from the reader): each rendered row line stands where its first cell was."""
    raw = _raw(CORPUS / "shandong_jinan_city_2025_quanchenggou_xiaofeiquan_gonggao.docx")
    rewritten, blocks = tables.extract_tables(clean.clean_text(MappedText.of(raw)))
    assert blocks
    for block in blocks:
        for (start, _), row in zip(block.row_spans, block.rows):
            first = next(c for c in row if c)
            assert raw.startswith(first, rewritten.source(start)), (first, raw[rewritten.source(start):][:20])


@pytest.mark.parametrize("path", PAGED, ids=lambda p: p.name[:40])
def test_offsets_clause_page_is_the_page_its_text_was_read_from(path: Path) -> None:
    raw = read_document(path, ocr=False, max_bytes=50 * 2**20)
    _, clauses = ingest_file(path, FAST)
    assert len({c.page for c in clauses}) > 3
    page_chars = {p.number: "".join(CJK.findall(clean.to_simplified(raw.text[p.start : p.end]))) for p in raw.pages}
    for c in clauses:  # its first Chinese characters are on that page (digits and marks aside)
        head = "".join(CJK.findall(c.text))[:4]
        assert head in page_chars[c.page], (c.page, c.text[:30])


def test_offsets_aligned_length_changing_conversion() -> None:
    source = "推動養老服務\n體系建設"
    converted = source.replace("養老", "養老服務").replace("體系", "系")
    out = aligned(source, converted)
    assert out.text == converted
    assert [source[o] for o in out.offsets[:-1] if o < len(source)][:4] == list("推動養老")
    assert source[out.offsets[converted.index("建")]] == "建"
    assert out.position(source.index("\n")) == converted.index("\n")
    assert aligned("養老", "养老").offsets == [0, 1, 2]


SUBS = [  # the cleaning steps' own substitutions, with what they write
    (clean._PINYIN_GLOSS, ""), (clean._PUNCT_RUN, clean._strongest), (clean._HEADING_THEN_BODY, r"\1\n"),
    (clean._RUN_ON_SPLIT, "\n"), (clean._DIGIT_CJK_SPACE, ""), (clean._PAREN_PAIR, r"（\1）"), (clean._NEWLINE, "\n"),
]
ALPHABET = "系統發展階段一二三、，。；：,(tǒng)（）2025年 \n\r"


@pytest.mark.parametrize(("pattern", "repl"), SUBS, ids=lambda x: getattr(x, "pattern", str(x))[:20])
@given(st.text(alphabet=ALPHABET, max_size=60))
@settings(max_examples=80, deadline=None)
def test_offsets_sub_is_re_sub_with_a_monotonic_map(pattern, repl, text: str) -> None:
    out = MappedText.of(text).sub(pattern, repl)
    assert out.text == pattern.sub(repl, text)
    assert len(out.offsets) == len(out.text) + 1 and out.offsets[-1] == len(text)
    assert all(a <= b for a, b in zip(out.offsets, out.offsets[1:]))
    kept = [i for i, ch in enumerate(out.text) if ch not in "，。；：、（）\n" and text[out.offsets[i]:][:1] != ch]
    assert not kept  # every character a substitution keeps points at itself
