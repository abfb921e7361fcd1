"""PDF reader: text layer vs OCR per page, tables, garbled layers, OCR off, corrupt files, images."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest

from kb.errors import IngestError, ScannedDocumentError
from kb.ingest import ocr
from kb.ingest.ocr import read_image
from kb.ingest.pdf import is_garbled, ocr_reason, read_pdf
from kb.models import TABLE_END

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TEXT_PDF = CORPUS / "shandong_jinan_city_2025_jiadian_yijiuhuanxin_butie_shishi_xize.pdf"
SCANNED_PDF = CORPUS / "shandong_province_2025_shouji_pingban_shoubiao_gouxin_butie_shishi_xize.pdf"
MIXED_PDF = CORPUS / "shandong_province_2025_jiadian_yijiuhuanxin_shishi_fangan.pdf"


# --------------------------------------------------------------------------- a tiny PDF writer


def build_pdf(pages: list[dict]) -> bytes:
    """Write a minimal PDF. Each page: ``content`` (bytes), optional ``jpeg`` (bytes, w, h), ``size``.

    Fonts: /F1 Helvetica; /F2 Helvetica whose ToUnicode maps every code to the private-use area.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /PUA def "
        b"1 begincodespacerange <00> <FF> endcodespacerange "
        b"1 beginbfrange <20> <7E> <E020> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    cmap_id = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    f1 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    f2 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode %d 0 R >>" % cmap_id)
    pages_id_placeholder = len(objects) + 1
    add(b"")  # the /Pages object, filled in below
    kids = []
    for page in pages:
        width, height = page.get("size", (595, 842))
        xobjects = b""
        if "jpeg" in page:
            data, w, h = page["jpeg"]
            img = add(
                b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, len(data))
                + data
                + b"\nendstream"
            )
            xobjects = b"/XObject << /Im1 %d 0 R >>" % img
        content = zlib.compress(page["content"])
        content_id = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> %s >> >>"
                % (pages_id_placeholder, width, height, content_id, f1, f2, xobjects)
            )
        )
    objects[pages_id_placeholder - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id_placeholder)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref))
    return out.getvalue()


def text_ops(lines: list[str], *, font: str = "F1", size: int = 12, x: int = 72, y: int = 760, mode: int = 0) -> bytes:
    """Content-stream operators that show ASCII lines, one below the other (mode 3 = invisible)."""
    ops = [b"BT /%s %d Tf %d Tr %d TL %d %d Td" % (font.encode(), size, mode, size + 6, x, y)]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(%s) Tj T*" % escaped.encode("latin-1"))
    ops.append(b"ET")
    return b"\n".join(ops)


def scanned_jpeg(tmp_path: Path) -> tuple[bytes, int, int]:
    """A real scanned text block: the top of page 2 of the 山东 家电 PDF (no text layer), as JPEG."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(MIXED_PDF))
    image = doc[1].render(scale=2.5, crop=(50, 580, 50, 100)).to_pil().convert("RGB")
    doc.close()
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue(), image.width, image.height


def image_page(jpeg: tuple[bytes, int, int], layer: bytes) -> dict:
    """A page showing the image full-size with the given (possibly garbled) text layer over it."""
    data, w, h = jpeg
    width, height = round(w / 2.5), round(h / 2.5)
    content = b"q %d 0 0 %d 0 0 cm /Im1 Do Q\n" % (width, height) + layer
    return {"size": (width, height), "jpeg": jpeg, "content": content}


@pytest.fixture
def engine() -> ocr.OcrEngine:
    """An OCR engine of the test's own (its counters start at zero)."""
    return ocr.OcrEngine()


# --------------------------------------------------------------------------- is_garbled (pure)

GOOD_PAGES = [
    # real text-layer pages of corpus PDFs
    "第二条 补贴标准\n对个人消费者购买 2 级及以上能效或水效标准的补贴产品，\n按最终销售价格的 15%给予补贴",
    "济 南 市 商 务 局\n济南市发展和改革委员会\n文件\n济商务字〔2025〕5 号",
    "现印发给你们，请抓好贯彻落实。\n2025 年 1 月 20 日\n（此件公开发布）\n— 2 —",
    "3.资金兑付\n市商务局委托第三方机构审核相关信息及材料并出具审核\n报告，采取滚动兑付方式对企业兑付资金。",
    "— 3 —",
    "",
    "Department of Commerce of Shandong Province, Great Business Partner",
]
GARBLED_PAGES = [
    "(cid:3)(cid:4)(cid:5)(cid:6)(cid:7)(cid:8)",
    "关于(cid:1234)(cid:2345)(cid:17)的通知",
    "\ufffd\ufffd\ufffd\ufffd 2025 \ufffd\ufffd",
    "\ue021\ue022\ue023\ue024\ue025\ue026\ue027",
    "!\"#$%&'()*+,-./0123 456789:;<=>?@",
    "#$%&'()*+, -./ 01$%&'",
    "国家发展改革委 财政部关于2025年".encode("gbk").decode("latin-1"),  # GBK bytes read as latin-1
    "abc\x01\x02\x03\x04def",
]


@pytest.mark.parametrize("text", GOOD_PAGES)
def test_is_garbled_false_on_real_text(text):
    assert not is_garbled(text)


@pytest.mark.parametrize("text", GARBLED_PAGES)
def test_is_garbled_true_on_garbage(text):
    assert is_garbled(text)


def test_is_garbled_latin_document_not_flagged_when_latin_expected():
    assert not is_garbled("Qxv Zrt Bvvk Plmn Krst Wxyz", expect_chinese=False)
    assert is_garbled("Qxv#Zrt$Bvvk%Plmn&Krst'Wxyz(", expect_chinese=True)


@pytest.mark.parametrize(
    ("text", "has_images", "reason"),
    [
        ("", True, "no text layer"),
        ("— 2 —", True, "no text layer"),
        ("", False, None),  # blank page: nothing to OCR
        ("第一条 补贴范围 电冰箱（含冰吧、冰柜、冷柜）", True, None),
        ("(cid:1)(cid:2)(cid:3)(cid:4)", False, "garbled text layer"),
    ],
)
def test_ocr_reason(text, has_images, reason):
    assert ocr_reason(text, has_images) == reason


# --------------------------------------------------------------------------- text PDF (no OCR)


def test_text_pdf_reads_text_layer_without_ocr(engine):
    raw = read_pdf(TEXT_PDF, engine=engine)
    assert engine.page_count == 0
    assert raw.format == "pdf" and raw.source == TEXT_PDF.name
    assert [p.number for p in raw.pages] == list(range(1, 11))
    assert not any(p.ocr for p in raw.pages)
    assert "按最终销售价格的 15%给予补贴" in raw.text
    assert "第十九条 其他事项" in raw.text
    # offsets are exact and pages follow each other
    for page in raw.pages:
        assert raw.text[page.start : page.end].strip()
    assert raw.text[raw.pages[3].start :].startswith("态调整参与补贴的产品品种")
    # footers and letter-spaced headers are left for the cleaner
    assert "— 1 —" in raw.text and "济 南 市 商 务 局" in raw.text
    assert raw.warnings == []


def test_text_pdf_same_with_ocr_off(engine):
    assert read_pdf(TEXT_PDF, ocr=False, engine=engine).text == read_pdf(TEXT_PDF, engine=engine).text
    assert engine.page_count == 0


# --------------------------------------------------------------------------- tables


def test_ruled_table_becomes_table_block_not_body_text(tmp_path):
    cells = [["Item", "Rate"], ["Phone", "15%"], ["Watch", "500 yuan"]]
    ops = [b"0.5 w"]
    x0, y_top, col, row_h = 72, 700, 150, 24
    for r in range(len(cells) + 1):
        ops.append(b"%d %d m %d %d l S" % (x0, y_top - r * row_h, x0 + 2 * col, y_top - r * row_h))
    for c in range(3):
        ops.append(b"%d %d m %d %d l S" % (x0 + c * col, y_top, x0 + c * col, y_top - len(cells) * row_h))
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            ops.append(text_ops([cell], x=x0 + c * col + 6, y=y_top - (r + 1) * row_h + 8))
    content = text_ops(["Before the table: subsidy rates"], y=760) + b"\n" + b"\n".join(ops)
    content += b"\n" + text_ops(["After the table: end of notice"], y=560)
    path = tmp_path / "table.pdf"
    path.write_bytes(build_pdf([{"content": content}]))
    raw = read_pdf(path)
    block = "[[TABLE 2]]\nItem\nRate\nPhone\n15%\nWatch\n500 yuan\n" + TABLE_END
    assert block in raw.text
    assert raw.text.index("Before the table") < raw.text.index("[[TABLE 2]]") < raw.text.index("After the table")
    assert raw.text.count("Phone") == 1 and raw.text.count("500 yuan") == 1


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.4\nthis is not a pdf\n", b"PK\x03\x04 a zip named .pdf", TEXT_PDF.read_bytes()[:5000]],
    ids=["empty", "header-only", "zip", "truncated"],
)
def test_corrupt_pdf_raises_ingest_error_naming_file(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(IngestError) as err:
        read_pdf(path)
    message = str(err.value)
    assert message.startswith("broken.pdf: ")
    assert "re-download or re-export" in message
    assert not isinstance(err.value, ScannedDocumentError)


# --------------------------------------------------------------------------- OCR off


def test_scanned_pdf_with_ocr_off_says_scanned(engine):
    with pytest.raises(ScannedDocumentError) as err:
        read_pdf(SCANNED_PDF, ocr=False, engine=engine)
    assert "no text layer: scanned document, OCR needed" in str(err.value)
    assert SCANNED_PDF.name in str(err.value)
    assert "--no-ocr" in str(err.value)
    assert engine.page_count == 0


def test_mixed_pdf_with_ocr_off_skips_page_with_warning(engine):
    raw = read_pdf(MIXED_PDF, ocr=False, engine=engine)
    assert engine.page_count == 0
    assert [p.number for p in raw.pages] == [1, 3, 4, 5, 6, 7, 8]
    assert len(raw.warnings) == 1
    assert "page 2 skipped" in raw.warnings[0] and "OCR is off" in raw.warnings[0]
    assert MIXED_PDF.name in raw.warnings[0]


# --------------------------------------------------------------------------- OCR (slow)


@pytest.mark.slow
def test_scanned_pdf_is_ocrd_with_numbering_and_rate(tmp_path, engine):
    progress: list[str] = []
    raw = read_pdf(SCANNED_PDF, cache_dir=tmp_path, progress=progress.append, engine=engine)
    assert engine.page_count == 4
    assert progress == [f"OCR 第{n}/4页" for n in range(1, 5)]
    assert all(p.ocr and p.confidence and p.confidence > 0.95 for p in raw.pages)
    text = raw.text
    lines = text.splitlines()
    assert "一、补贴品种和补贴标准" in lines
    assert "二、补贴流程及方式" in lines
    assert any(line.startswith("（一）补贴资格申领。") for line in lines)
    assert any(line.startswith("（二）强化安全保障。") for line in lines)
    assert "15%，每件最高不超过500元" in text
    # running header/footer of the printed web page dropped, mixed brackets normalised
    assert "commerce.shandong.gov.cn" not in text and "2025/9/19" not in text and "党务公开" not in text
    assert "智能手表（手环）" in text and "(手环)" not in text and "（手环)" not in text
    # a short paragraph tail is kept, seal-like debris is not
    assert "同一件产品享受补贴资验。" in text
    # second read: from the cache, no OCR
    again = read_pdf(SCANNED_PDF, cache_dir=tmp_path, engine=engine)
    assert again.text == text
    assert engine.page_count == 4
    assert engine.stats()["cache_hits"] == 4


@pytest.mark.slow
def test_mixed_pdf_ocrs_only_the_page_without_text(tmp_path, engine):
    text_only = read_pdf(MIXED_PDF, ocr=False, engine=engine)
    raw = read_pdf(MIXED_PDF, cache_dir=tmp_path, engine=engine)
    assert engine.page_count == 1
    assert [p.number for p in raw.pages if p.ocr] == [2]
    page2 = next(p for p in raw.pages if p.number == 2)
    assert page2.confidence is not None and page2.confidence > 0.95
    body = raw.text[page2.start : page2.end]
    assert "《商务部等4部门办公厅关于做好2025年家电以旧换新工作的通知》（商办流通函〔2025〕6号）" in body
    assert "2025年1月20日" in body and "（此件公开发布）" in body
    assert "-2-" not in body and "— 2 —" not in body
    # the text pages are exactly what the text layer gives
    for page in raw.pages:
        if page.number != 2:
            same = next(p for p in text_only.pages if p.number == page.number)
            assert raw.text[page.start : page.end] == text_only.text[same.start : same.end]


@pytest.mark.slow
@pytest.mark.parametrize(
    "layer",
    [
        text_ops(["!\"#$%&'()*+,-./0123", "456789:;<=>?@[]^_`{|}", "#$%&'()*+,-./01$%&'"], mode=3),
        text_ops(["ABCDEFGHIJKLMNOP", "QRSTUVWXYZ abcdefg"], font="F2", mode=3),
    ],
    ids=["ascii-punctuation", "private-use"],
)
def test_garbled_text_layer_falls_back_to_ocr(tmp_path, layer, engine):
    jpeg = scanned_jpeg(tmp_path)
    good = text_ops(["This page has a good English text layer for testing."])
    path = tmp_path / "garbled.pdf"
    path.write_bytes(build_pdf([{"content": good}, image_page(jpeg, layer)]))
    raw = read_pdf(path, engine=engine)
    assert engine.page_count == 1
    assert [p.ocr for p in raw.pages] == [False, True]
    assert "good English text layer" in raw.text
    assert "商办流通函〔2025〕6号" in raw.text
    assert "!\"#$" not in raw.text and "\ue021" not in raw.text
    assert any("page 2: garbled text layer" in w for w in raw.warnings)


@pytest.mark.slow
def test_garbled_only_pdf_with_ocr_off_is_refused(tmp_path):
    jpeg = scanned_jpeg(tmp_path)
    path = tmp_path / "garbled.pdf"
    path.write_bytes(build_pdf([image_page(jpeg, text_ops(["!\"#$%&'()*+,-./0123"], mode=3))]))
    with pytest.raises(ScannedDocumentError, match="no text layer: scanned document, OCR needed"):
        read_pdf(path, ocr=False)


@pytest.mark.slow
def test_image_file_is_ocrd(tmp_path, engine):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(MIXED_PDF))
    png = tmp_path / "page2.png"
    doc[1].render(scale=2.5).to_pil().save(png)
    doc.close()
    progress: list[str] = []
    raw = read_image(png, cache_dir=tmp_path / "cache", progress=progress.append, engine=engine)
    assert raw.format == "image" and raw.source == "page2.png"
    assert progress == ["OCR 第1/1页"]
    assert engine.page_count == 1
    assert len(raw.pages) == 1 and raw.pages[0].ocr and raw.pages[0].end == len(raw.text)
    assert "山东省商务厅等4部门制定了《山东省2025年家电以旧换新实施方案》" in raw.text
    assert "山东省市场监督管理局" in raw.text
    assert read_image(png, cache_dir=tmp_path / "cache", engine=engine).text == raw.text
    assert engine.page_count == 1


def test_unreadable_image_raises_ingest_error(tmp_path, engine):
    path = tmp_path / "scan.png"
    path.write_bytes(b"not an image at all")
    with pytest.raises(IngestError, match=r"^scan\.png: not a readable image"):
        read_image(path, engine=engine)
    assert engine.page_count == 0
