"""The 文档库's replace / re-parse and the 查看原文 view in a real browser (issue 14), on the running app of
tests/test_ui_app.py (its own copy of the session index): a PDF clause shows its page with the clause boxed, a text
clause its span marked in the document's text; an editor re-parses a document and replaces one with a new
version, both logged; nothing English reaches the page. Screenshots under test-output/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import CORPUS
from tests.test_ui_app import INTERFACE_TEXT, OUT, _browser, _english_words, _open_page, app  # noqa: F401 - fixture

JINAN_PDF = "shandong_jinan_city_2025_jiadian_yijiuhuanxin_butie_shishi_xize"  # 济南 家电以旧换新 细则 (text PDF)


def _pick_doc(page, typed: str, option: str) -> None:
    box = page.locator("#kb-tree-doc input").first
    box.click()
    box.fill(typed)
    page.get_by_role("option", name=re.compile(option)).first.click()


@pytest.mark.browser
def test_ui_browser_original_page_replace_and_reparse(app: dict, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect

    new_version = tmp_path / "焦作答复新版.txt"
    new_version.write_text((CORPUS / "001_4b3757ccbb240fc5.txt").read_text(encoding="utf-8")
                           + "\n五、2025年起，每百户配建标准提高到60平方米。\n", encoding="utf-8")
    with _browser() as p:
        browser, page, errors = _open_page(p, app["url"])
        shown = []
        # a PDF clause: its page, the clause boxed
        page.locator("#kb-question textarea, #kb-question input").first.fill("家电以旧换新补贴标准")
        page.locator("#kb-ask").click()
        card = page.locator(f'#kb-answer .kb-card[data-doc="{JINAN_PDF}"]')
        card.first.wait_for(timeout=60_000)
        card.first.locator(".kb-clause").first.click()
        page.locator("#kb-context .kb-ctx-target").wait_for(timeout=30_000)
        page.locator("#kb-to-original").click()
        image = page.locator("#kb-original img.kb-orig-page")
        image.wait_for(timeout=60_000)
        expect(page.locator("#kb-original .kb-orig-head")).to_contain_text("页")
        assert image.evaluate("e => e.naturalWidth") > 500
        page.locator("#kb-original").scroll_into_view_if_needed()
        page.screenshot(path=str(OUT / "ui-12-original-pdf.png"))
        shown.append(page.evaluate(INTERFACE_TEXT))
        # a text clause from the 文档库 tree: the document's text with the clause marked
        page.get_by_role("tab", name="文档库").click()
        _pick_doc(page, "周口", "周口市人民政府办公室")
        page.locator("#kb-tree-btn").click()
        page.locator("#kb-tree li[data-clause] .kb-item", has_text="每百户不低于30平方米").first.click()
        expect(page.locator("#kb-tree-picked")).to_contain_text("已选中", timeout=30_000)
        page.locator("#kb-tree-to-original").click()
        mark = page.locator("#kb-tree-original mark.kb-orig-mark")
        expect(mark).to_contain_text("30平方米", timeout=30_000)
        page.locator("#kb-tree-original").scroll_into_view_if_needed()
        page.screenshot(path=str(OUT / "ui-13-original-text.png"))
        shown.append(page.evaluate(INTERFACE_TEXT))
        # re-parse, then replace with a new version (the editor's 文档库 accordion)
        _pick_doc(page, "第192号", "第192号提案的答复")
        page.locator("#kb-manage").get_by_text("更正、替换、重新解析或删除所选文件").click()
        page.locator("#kb-reparse-btn").click()
        expect(page.locator("#kb-manage-msg")).to_contain_text("已重新解析", timeout=120_000)
        expect(page.locator("#kb-audit")).to_contain_text("重新解析", timeout=30_000)
        page.locator("#kb-replace-file input[type=file]").set_input_files(str(new_version))
        page.wait_for_timeout(1500)
        page.locator("#kb-replace-btn").click()
        expect(page.locator("#kb-manage-msg")).to_contain_text("已替换为新版本", timeout=120_000)
        expect(page.locator("#kb-audit")).to_contain_text("替换为新版本", timeout=30_000)
        expect(page.locator("#kb-tree")).to_contain_text("60平方米", timeout=30_000)
        page.locator("#kb-manage").scroll_into_view_if_needed()
        page.screenshot(path=str(OUT / "ui-14-library-replace.png"), full_page=True)
        shown.append(page.evaluate(INTERFACE_TEXT))
        browser.close()
    english = _english_words("\n".join(shown))
    assert not english, english
    assert not errors, errors
