"""OCR post-processing on real rapidocr output (no engine run): debris, running lines, paragraphs, brackets.

``tests/data/ocr/raw_lines.json`` holds the raw lines rapidocr 3.10 returned for the four pages of the
scanned 山东 手机 PDF and page 2 of the 山东 家电 PDF, rendered at scale 2 (1191 x 1684 px).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.ingest import ocr
from kb.ingest.ocr import (
    OcrLine,
    OcrPage,
    group_rows,
    is_debris,
    load_cached,
    normalise_brackets,
    page_text,
    running_lines,
    save_cached,
    strip_page,
)

DATA = Path(__file__).resolve().parent / "data" / "ocr"


def _page(name: str) -> OcrPage:
    raw = json.loads((DATA / "raw_lines.json").read_text(encoding="utf-8"))[name]
    return OcrPage(raw["width"], raw["height"], tuple(OcrLine(**line) for line in raw["lines"]))


SHOUJI = [_page(f"shouji_{n}") for n in range(1, 5)]
JIADIAN = _page("jiadian_2")


@pytest.mark.parametrize(
    ("text", "score", "debris"),
    [
        ("省", 0.999, True),  # seal glyphs
        ("东", 0.997, True),
        ("省财", 0.987, True),
        ("海市场监家室", 0.625, True),  # seal ring read at low confidence
        ("-2-", 0.727, True),
        ("山东省市场监督管理局", 1.0, False),
        ("2025年1月20日", 1.0, False),
    ],
)
def test_is_debris_on_real_seal_lines(text, score, debris):
    line = next(ln for ln in JIADIAN.lines if ln.text == text)
    assert line.score == pytest.approx(score, abs=1e-3)
    assert is_debris(line, 135.0, 45.0) is debris


def test_short_paragraph_tail_at_margin_is_kept():
    tail = next(ln for ln in SHOUJI[1].lines if ln.text == "验。")
    assert not is_debris(tail, 71.0, 25.0)
    assert is_debris(tail, None, None)  # without the margin it looks like debris


def test_running_header_footer_found_across_pages():
    running = running_lines(SHOUJI)
    assert "#/#/#:#" in running  # the print timestamp 2025/9/19 11:16
    assert "#/#" in running  # 1/4 .. 4/4
    assert "党务公开" in running
    assert any(key.startswith("commerce.shandong.gov.cn") for key in running)
    assert not any("补贴" in key and "通知公告" not in key for key in running)


def test_running_lines_need_two_pages():
    assert running_lines([JIADIAN]) == set()


def test_strip_page_drops_page_number_footer_on_single_page():
    kept = [ln.text for ln in strip_page(JIADIAN)]
    assert "-2-" not in kept and "省财" not in kept
    assert "（此件公开发布）" in [normalise_brackets(t) for t in kept]


def test_rows_merge_boxes_on_one_visual_row():
    rows = [r.text for r in group_rows(strip_page(JIADIAN))]
    assert "山东省商务厅 山东省发展和改革委员会" in rows


def test_paragraphs_follow_numbering_and_short_lines():
    text, confidence = page_text(SHOUJI[1], running_lines(SHOUJI))
    lines = text.splitlines()
    assert lines[0] == "购新补贴实施细则"
    assert lines[2] == "一、补贴品种和补贴标准"
    assert lines[3].startswith("2025年，个人消费者购买") and lines[3].endswith("具体时间以各市通知为准。")
    assert lines[4] == "二、补贴流程及方式"
    assert lines[5] == "（一）补贴资格申领。消费者可通过所在地指定购新补贴平台，实名认证申领补贴资格，在当地内，自愿选择门店参加购新补贴活动。"
    assert lines[8] == "三、审核流程"
    assert lines[9].endswith("同一件产品享受补贴资验。")
    assert sum(1 for line in lines if line.startswith(("（一）", "（二）", "（三）"))) == 7
    assert 0.95 < confidence <= 1.0


def test_page_text_drops_chrome_repeated_on_every_page():
    text, _ = page_text(SHOUJI[2], running_lines(SHOUJI))
    assert text.startswith("市场监管部门负责加强手机等产品质量和价格监管")
    assert "2025/9/19" not in text and "3/4" not in text and "外资" not in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("(一)补贴资格申领。", "（一）补贴资格申领。"),
        ("(二）优化支付方式。", "（二）优化支付方式。"),
        ("智能手表(手环)3类数码产品(单件销售价格", "智能手表（手环）3类数码产品(单件销售价格"),
        ("《关于印发<手机、平板、智能手表（手环)贬", "《关于印发<手机、平板、智能手表（手环）贬"),
        ("(发改环资〔2025〕13号)、商务部", "（发改环资〔2025〕13号）、商务部"),
        ("(SN码必填)，确保", "（SN码必填），确保"),
        ("see f(x) and (a)", "see f(x) and (a)"),
        ("（此件公开发布）", "（此件公开发布）"),
    ],
)
def test_normalise_brackets(raw, expected):
    assert normalise_brackets(raw) == expected


def test_cache_round_trip_and_version(tmp_path):
    page = SHOUJI[0]
    save_cached(tmp_path, "abc", 1, page)
    engine = ocr.OcrEngine()
    assert load_cached(tmp_path, "abc", 1) == page
    assert engine.cached("abc", 1, tmp_path, lambda: pytest.fail("rendered")) == page
    assert engine.stats()["cache_hits"] == 1
    assert load_cached(tmp_path, "abc", 2) is None
    stale = tmp_path / "ocr" / "abc-p0001.json"
    data = json.loads(stale.read_text(encoding="utf-8"))
    data["version"] = "old"
    stale.write_text(json.dumps(data), encoding="utf-8")
    assert load_cached(tmp_path, "abc", 1) is None
    stale.write_text("{broken", encoding="utf-8")
    assert load_cached(tmp_path, "abc", 1) is None
    assert load_cached(None, "abc", 1) is None


def test_ocr_cached_renders_only_on_miss(tmp_path, monkeypatch):
    calls: list[str] = []
    engine = ocr.OcrEngine()
    monkeypatch.setattr(engine, "run", lambda image: calls.append(image) or SHOUJI[3])
    assert engine.cached("sha", 4, tmp_path, lambda: "image") == SHOUJI[3]
    assert engine.cached("sha", 4, tmp_path, lambda: pytest.fail("rendered again")) == SHOUJI[3]
    assert calls == ["image"]
