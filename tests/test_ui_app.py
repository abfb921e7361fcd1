"""The running app: `python ui.py` on a copy of the session index, driven by gradio_client and by chromium.

One app process serves the whole module (started like a user starts it, on a free port); the time from
process start to the first answer is measured and written to test-output/ui-timing.json. The browser tests
use Debian's chromium through Playwright (never `playwright install`) and save screenshots to test-output/.
The last tests upload a hostile document into the app's own index copy and check that nothing executes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

OUT = ROOT / "test-output"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
QUESTION = "新建小区配建标准"
TOPIC = "新建居住区养老服务设施配建标准"
ZHOUKOU = "003_ac2c417f64737111"  # 周口市 周政办〔2024〕13号: 55 tasks with units
JIAOZUO = "001_4b3757ccbb240fc5"  # 焦作市 reply: 每百户 30 -> 50 平方米
HENAN = "004_1d889c251517f314"  # 河南省 implementation opinions: 每百户不低于30平方米
XSS_TEXT = ("关于开展夜间助老巡访<img src=x onerror=\"window.__kbxss = 5; alert('xss-title')\">试点工作的通知\n"
            "一、工作任务\n"
            "（一）巡访点位<script>window.__kbxss = 1; alert('xss-script')</script>每个社区不少于7个。\n"
            "（二）<img src=x onerror=\"window.__kbxss = 2; alert('xss-img')\">巡访记录 ${alert(3)} {{constructor}} 按月报送。\n")
XSS_NAME = "<img src=x onerror=alert(4)>..夜间巡访.txt"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lan_address() -> str | None:
    """This machine's non-loopback IPv4 address (a UDP connect sends nothing), or None."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.254.254.254", 1))
            addr = s.getsockname()[0]
    except OSError:
        return None
    return None if addr.startswith("127.") else addr


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"ui.py exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@pytest.fixture(scope="module")
def app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """`python ui.py` on a copy of the session index (uploads must not touch the shared one).

    KB_UI_TEST_INDEX=DIR reuses an index already built from corpus/ (for quick local runs).
    """
    from gradio_client import Client

    source = os.environ.get("KB_UI_TEST_INDEX") or request.getfixturevalue("built_index")[0]
    index_dir = tmp_path_factory.mktemp("ui-app") / "default"
    shutil.copytree(source, index_dir)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    OUT.mkdir(exist_ok=True)
    log = (OUT / "ui-app.log").open("w", encoding="utf-8")
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "KB_AUTH": ""}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "ui.py"), "--index", str(index_dir), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_http(url, proc)
        ready = time.perf_counter() - started
        client = Client(url, verbose=False)
        cards, _ = client.predict(QUESTION, "全部", "全部", "全部", "", "", api_name="/ask")
        first = time.perf_counter() - started
        (OUT / "ui-timing.json").write_text(json.dumps(
            {"page_ready_s": round(ready, 2), "first_answer_s": round(first, 2), "question": QUESTION}, ensure_ascii=False),
            encoding="utf-8")
        yield {"url": url, "client": client, "index_dir": index_dir, "first_cards": cards, "proc": proc}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# ----------------------------------------------------------------------------- API (gradio_client)


def test_ui_app_binds_localhost_only(app: dict) -> None:
    assert app["url"].startswith("http://127.0.0.1:")
    assert app["proc"].poll() is None
    # nothing listens on the machine's other addresses
    host = _lan_address()
    if host is None:
        pytest.skip("no non-loopback address on this machine")
    port = int(app["url"].rsplit(":", 1)[1].strip("/"))
    with socket.socket() as s:
        s.settimeout(1)
        assert s.connect_ex((host, port)) != 0


def test_ui_app_first_answer_shows_zhoukou_and_jiaozuo(app: dict) -> None:
    cards = app["first_cards"]
    assert 'data-doc="003_ac2c417f64737111"' in cards and 'data-doc="001_4b3757ccbb240fc5"' in cards
    assert "周口市" in cards and "焦作" in cards
    assert '<mark class="kb-fig">' in cards and "复制引用" in cards and "匹配依据：" in cards
    timing = json.loads((OUT / "ui-timing.json").read_text(encoding="utf-8"))
    assert timing["first_answer_s"] < 120


def test_ui_app_ask_filters_and_citations(app: dict) -> None:
    c = app["client"]
    cards, cites = c.predict(QUESTION, "周口市", "全部", "全部", "", "", api_name="/ask")
    assert f'data-doc="{ZHOUKOU}"' in cards and f'data-doc="{HENAN}"' not in cards
    assert "周政办〔2024〕13号" in cites and all(line.startswith("《") for line in cites.splitlines())
    cards, _ = c.predict(QUESTION, "全部", "province", "全部", "", "", api_name="/ask")
    assert f'data-doc="{JIAOZUO}"' not in cards and f'data-doc="{ZHOUKOU}"' not in cards
    # the date pickers: 周口 (2024-04-09) is inside 2024, 焦作 (2023-07-13) and 河南 (2023-05-18) are not
    cards, _ = c.predict(QUESTION, "全部", "全部", "全部", "2024-01-01", "2024-12-31", api_name="/ask")
    assert f'data-doc="{ZHOUKOU}"' in cards
    assert f'data-doc="{JIAOZUO}"' not in cards and f'data-doc="{HENAN}"' not in cards


def test_ui_app_ask_rejects_bad_input_kindly(app: dict) -> None:
    from gradio_client.exceptions import AppError

    c = app["client"]
    with pytest.raises(AppError, match="请输入问题"):
        c.predict("   ", "全部", "全部", "全部", "", "", api_name="/ask")
    with pytest.raises(AppError, match="2024-01-31"):
        c.predict(QUESTION, "全部", "全部", "全部", "去年", "", api_name="/ask")


@pytest.mark.parametrize("question", ["护理员补贴多少", "老人吃饭难怎么解决"])
def test_ui_app_example_questions_answer(app: dict, question: str) -> None:
    cards, cites = app["client"].predict(question, "全部", "全部", "全部", "", "", api_name="/ask")
    assert "kb-card" in cards and "没有找到" not in cards  # an example that finds nothing would mislead staff
    lines = cites.splitlines()  # one paste-able citation per clause that answers (not the related-only cards)
    answering = cards.split('class="kb-related"')[0]
    assert len(lines) == answering.count('class="kb-cite-text"') > 0 and all(line.startswith("《") for line in lines)


def test_ui_app_ocr_clauses_say_so(app: dict) -> None:
    """The 山东 手机 PDF has pages without a text layer: its clauses carry their OCR confidence."""
    cards, _ = app["client"].predict("手机平板智能手表购新补贴标准", "全部", "全部", "全部", "", "", api_name="/ask")
    assert 'data-doc="shandong_province_2025_shouji_pingban_shoubiao_gouxin_butie_shishi_xize"' in cards
    assert re.search(r"第\d+页；OCR，置信度0\.\d\d", cards)


def test_ui_app_context_shows_parents_and_neighbours(app: dict) -> None:
    from kb.store import Store

    target = next(c for c in Store.open(app["index_dir"]).clauses(ZHOUKOU) if "每百户不低于30平方米" in c.text)
    page = app["client"].predict(target.id, api_name="/context")
    assert 'class="kb-ctx-target"' in page and "每百户不低于30平方米" in page
    assert page.count("kb-ctx-near") >= 2
    if target.parent_id:
        assert "kb-ctx-parent" in page
    assert "找不到" in app["client"].predict("no-such:9999", api_name="/context")


def test_ui_app_compare_topic_orders_province_first(app: dict) -> None:
    from openpyxl import load_workbook

    page, files = app["client"].predict(TOPIC, "全部", [], api_name="/compare")
    assert page.index("河南省") < page.index("焦作") and "kb-badge" in page
    assert files["visible"] is False  # spreadsheets are written only when asked for (导出)
    files = app["client"].predict(api_name="/compare_download")["value"]
    assert {Path(f).suffix for f in files} == {".xlsx", ".csv"}
    xlsx = next(f for f in files if f.endswith(".xlsx"))
    ws = load_workbook(xlsx).active
    header = [c.value for c in ws[2]]
    assert ws["A1"].value.startswith("条款对比") and "文件" in header and "关系" in header
    files_col = [str(c.value) for c in ws[ws.cell(row=2, column=header.index("文件") + 1).column_letter]]
    assert any("焦作" in v or "第192号提案" in v for v in files_col)


def test_ui_app_align_documents(app: dict) -> None:
    everything, _ = app["client"].predict(HENAN, ZHOUKOU, False, api_name="/align")
    files = app["client"].predict(api_name="/align_download")["value"]
    matched, _ = app["client"].predict(HENAN, ZHOUKOU, True, api_name="/align")
    assert "kb-align" in everything and len(files) == 2
    assert 0 < matched.count("<tr") < everything.count("<tr") and "<ins>" in matched
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="两份不同"):
        app["client"].predict(HENAN, HENAN, True, api_name="/align")


def test_ui_app_matrix_and_unit_filter(app: dict) -> None:
    from openpyxl import load_workbook

    c = app["client"]
    page, per_unit, unit_choice, _ = c.predict([ZHOUKOU], "全部", api_name="/matrix")
    assert "kb-matrix" in page and ("牵头" in page or "配合" in page or "责任" in page)
    files = c.predict(api_name="/matrix_download")["value"]
    xlsx = next(f for f in files if f.endswith(".xlsx"))
    ws = load_workbook(xlsx).active
    assert "周政办〔2024〕13号" in ws["A1"].value
    tasks = ws.max_row - 2
    assert tasks >= 40  # seed 003 has 55 numbered tasks
    units = [cell.value for cell in ws[2]][4:]
    assert any("民政局" in u for u in units)
    unit = next(u for u in units if "民政局" in u)
    page, per_unit, _, _ = c.predict([ZHOUKOU], unit, api_name="/matrix")
    assert esc_in(unit, per_unit) and per_unit.count("<details") == 1


def esc_in(text: str, page: str) -> bool:
    import html

    return html.escape(text) in page


def test_ui_app_indicators_filter_and_download(app: dict) -> None:
    table, _ = app["client"].predict("全部", "平方米", "居住区", api_name="/indicators")
    rows = table["data"]
    assert rows and all(r[3] == "平方米" for r in rows)
    assert any(r[1] in (30, 50) for r in rows)  # figures as numbers (sortable, summable in the XLSX too)
    files = app["client"].predict(api_name="/indicators_download")["value"]
    assert {Path(f).suffix for f in files} == {".xlsx", ".csv"}
    from openpyxl import load_workbook

    ws = load_workbook(next(f for f in files if f.endswith(".xlsx"))).active
    assert ws.max_row - 2 == len(rows)  # the rows shown, not another filter's


def test_ui_app_download_before_any_table_says_what_to_do(app: dict) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    fresh = Client(app["url"], verbose=False)  # a new page: nothing generated yet
    with pytest.raises(AppError, match="生成矩阵"):
        fresh.predict(api_name="/matrix_download")


def test_ui_app_documents_and_clause_tree(app: dict) -> None:
    c = app["client"]
    outputs = c.predict(api_name="/choices")
    docs = outputs[-1]["data"]
    header = outputs[-1]["headers"]
    rows = [dict(zip(header, r, strict=True)) for r in docs]
    assert any(r["来源文件"] == ZHOUKOU + ".txt" and r["文号"] == "周政办〔2024〕13号" and r["地区"] == "周口市" for r in rows)
    assert "编号" not in rows[0]  # issue 14: no internal ids where a person reads
    tree = c.predict(ZHOUKOU, api_name="/tree")
    assert tree.count("<li") >= 55 and "kb-tree" in tree


def test_ui_app_upload_refuses_bad_files(app: dict, tmp_path: Path) -> None:
    from gradio_client import handle_file

    bad = tmp_path / "tool.exe"
    bad.write_bytes(b"MZ" + b"\0" * 100)
    rows = app["client"].predict([handle_file(str(bad))], api_name="/upload")["data"]
    assert rows == [["tool.exe", "失败", "", "", "", rows[0][5]]] and "不支持" in rows[0][5]
    assert not any((app["index_dir"] / "uploads").glob("tool*"))


# ----------------------------------------------------------------------------- real browser


def _browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium missing: apt-get install -y chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    return sync_playwright()


def _launch(p):
    return p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def _open_page(p, url: str) -> tuple:
    """(browser, page, errors): chromium on the app's page (zh-CN, 1400 x 1000), the page's script errors collected."""
    browser = _launch(p)
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return browser, page, errors


@pytest.mark.browser
def test_ui_browser_ask_compare_matrix_download(app: dict) -> None:
    from playwright.sync_api import expect

    with _browser() as p:
        browser = _launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="zh-CN")
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(app["url"])
        page.locator("#kb-question textarea, #kb-question input").first.fill(QUESTION)
        page.locator("#kb-ask").click()
        page.locator("#kb-answer .kb-card").first.wait_for(timeout=60_000)
        answer = page.locator("#kb-answer")
        zhoukou = answer.locator(f'.kb-card[data-doc="{ZHOUKOU}"]')
        jiaozuo = answer.locator(f'.kb-card[data-doc="{JIAOZUO}"]')
        page.screenshot(path=str(OUT / "ui-1-ask.png"), full_page=True)
        # the answer checks are collected so that every tab is still visited and photographed
        problems = []
        if not (zhoukou.count() and "30平方米" in zhoukou.inner_text().replace(" ", "")
                and zhoukou.locator("mark.kb-fig").count()):
            problems.append("no 周口市 card with its highlighted 30平方米 figure")
        if not (jiaozuo.count() and "50平方米" in jiaozuo.inner_text().replace(" ", "")):
            problems.append("no 焦作市 card with its 50平方米 figure")

        answer.locator(".kb-clause").first.click()
        page.locator("#kb-context .kb-ctx-target").wait_for(timeout=30_000)
        first_title = answer.locator(".kb-title").first.inner_text()
        assert first_title in page.locator("#kb-context").inner_text()
        page.screenshot(path=str(OUT / "ui-2-context.png"), full_page=True)

        page.locator("#kb-to-compare").click()  # the clicked clause becomes the comparison topic
        topic = page.locator("#kb-topic textarea, #kb-topic input").first
        expect(topic).not_to_have_value("", timeout=30_000)
        expect(page.get_by_role("tab", name="条款对比")).to_have_attribute("aria-selected", "true")
        topic.fill(TOPIC)
        page.locator("#kb-compare-btn").click()
        page.locator("#kb-compare table").wait_for(timeout=60_000)
        table = page.locator("#kb-compare").inner_text()
        assert table.index("河南省") < table.index("焦作")
        page.screenshot(path=str(OUT / "ui-3-compare.png"), full_page=True)
        for box, title in (("#kb-doc-a", "关于促进养老托育服务健康发展"), ("#kb-doc-b", "周口市人民政府办公室关于印发2024年")):
            page.locator(f"{box} input").first.fill(title)
            page.locator('[data-testid="dropdown-option"]', has_text=title).first.click(timeout=30_000)
        page.locator("#kb-align-btn").click()
        page.locator("#kb-align table").wait_for(timeout=60_000)
        assert page.locator("#kb-align .kb-diff ins, #kb-align .kb-diff del").count() > 0
        page.locator("#kb-align table").evaluate("e => e.scrollIntoView()")
        page.screenshot(path=str(OUT / "ui-3b-align.png"))  # the viewport: the table is long

        page.get_by_role("tab", name="责任矩阵").click()
        page.locator("#kb-matrix-btn").click()
        page.locator("#kb-matrix table").wait_for(timeout=60_000)
        assert "牵头" in page.locator("#kb-matrix").inner_text() or "配合" in page.locator("#kb-matrix").inner_text()
        page.locator("#kb-matrix-dl").click()  # the spreadsheets are written now, not with every matrix
        link = page.locator('#kb-matrix-files a[download="责任矩阵.xlsx"]').first
        link.wait_for(timeout=30_000)
        with page.expect_download(timeout=30_000) as info:
            link.click()
        target = OUT / "ui-matrix-download.xlsx"
        info.value.save_as(target)
        page.screenshot(path=str(OUT / "ui-4-matrix.png"), full_page=True)

        page.get_by_role("tab", name="指标库").click()
        page.get_by_role("button", name="筛选").click()
        expect(page.locator("#kb-indicators")).to_contain_text("平方米", timeout=60_000)
        page.screenshot(path=str(OUT / "ui-5-indicators.png"))
        page.get_by_role("tab", name="文档库").click()
        page.locator("#kb-docs").get_by_text("周政办〔2024〕13号").locator("visible=true").first.click(timeout=30_000)
        page.locator("#kb-tree .kb-tree").first.wait_for(timeout=30_000)
        page.screenshot(path=str(OUT / "ui-6-documents.png"), full_page=True)
        page.locator("#kb-tree li[data-clause] .kb-item", has_text="每百户不低于30平方米").first.click()
        expect(page.locator("#kb-tree-picked")).to_contain_text("已选中", timeout=30_000)
        page.locator("#kb-tree-to-compare").click()
        expect(page.get_by_role("tab", name="条款对比")).to_have_attribute("aria-selected", "true", timeout=30_000)
        expect(page.locator("#kb-topic textarea, #kb-topic input").first).to_have_value(re.compile("每百户不低于30平方米"))
        browser.close()
    from openpyxl import load_workbook

    ws = load_workbook(target).active
    assert ws.max_row > 3 and "序号" in [c.value for c in ws[2]]
    assert not errors, errors
    assert not problems, problems


# Words a person may see in ASCII: units, file types and the names staff use for them (issue 14).
ASCII_ALLOWED = {"pdf", "xlsx", "csv", "ocr", "txt", "md", "docx", "html", "htm", "png", "jpg", "jpeg", "mb", "m²",
                 "kb", "api", "xss", "json"}


# The page's visible text without the documents' own wording (clause texts and trees: a source may hold stray
# pinyin such as 000's "duì"): what the interface itself says to a person.
INTERFACE_TEXT = """() => {
  const skip = '.kb-text, .kb-ctx-near, .kb-ctx-target, .kb-ctx-parent, .kb-tree, .kb-c-text, .kb-diff, .kb-cite-text, .kb-orig-text';
  const hidden = new Set(document.querySelectorAll(skip));
  const out = [];
  const walk = (el) => {
    if (hidden.has(el)) return;
    const style = getComputedStyle(el);
    if (style.fontSize === '0px' || style.visibility === 'hidden' || style.display === 'none') return;
    for (const node of el.childNodes) {
      if (node.nodeType === 3 && el.offsetParent !== null) out.push(node.textContent);
      else if (node.nodeType === 1) walk(node);
    }
  };
  walk(document.body);
  return out.join(' ');
}"""


def _english_words(text: str) -> list[str]:
    """ASCII words of two or more letters outside the allow-list; the names of the source files (what staff
    uploaded, shown as they are) are left out."""
    text = re.sub(r"[\w.-]+\.(?:txt|md|pdf|docx|html?|png|jpe?g)\b", " ", text)
    return sorted({w for w in re.findall(r"[A-Za-z][A-Za-z0-9²]+", text) if w.lower() not in ASCII_ALLOWED})


@pytest.mark.browser
def test_ui_browser_issue14_answer_summary_chinese_and_library(app: dict) -> None:
    """The summary table and the answering sentence, the 显示匹配依据 toggle, no English on any tab, and a title
    corrected from the 文档库 tab."""
    from playwright.sync_api import expect

    with _browser() as p:
        browser, page, errors = _open_page(p, app["url"])
        page.locator("#kb-question textarea, #kb-question input").first.fill("护理员补贴多少")
        page.locator("#kb-ask").click()
        table = page.locator("#kb-answer .kb-sumtable")
        table.wait_for(timeout=60_000)
        expect(table).to_contain_text("每人每月150元")
        first = page.locator("#kb-answer .kb-card").first
        expect(first).to_contain_text("焦作")
        assert first.locator(".kb-hit").count() and first.locator("b.kb-q").count()
        expect(first.locator(".kb-why")).to_be_hidden()
        page.screenshot(path=str(OUT / "ui-10-answer-summary.png"), full_page=True)
        page.locator("#kb-show-why input").check()
        expect(first.locator(".kb-why")).to_be_visible()
        page.locator("#kb-show-why input").uncheck()
        shown = [page.evaluate(INTERFACE_TEXT)]
        for tab in ("条款对比", "责任矩阵", "指标库", "文档库"):
            page.get_by_role("tab", name=tab).click()
            page.wait_for_timeout(1500)
            shown.append(page.evaluate(INTERFACE_TEXT))
        # 文档库: correct a title
        page.locator("#kb-tree-doc input").first.click()
        page.locator("#kb-tree-doc input").first.fill("第192号")
        page.get_by_role("option", name=re.compile("第192号提案的答复")).first.click()
        page.locator("#kb-manage").get_by_text("更正、替换、重新解析或删除所选文件").click()
        title = page.locator("#kb-fix-title textarea, #kb-fix-title input").first
        expect(title).to_have_value(re.compile("第192号提案的答复"), timeout=30_000)
        title.fill("焦作市民政局关于市政协第192号提案的答复")
        page.locator("#kb-fix-btn").click()
        try:
            expect(page.locator("#kb-manage-msg")).to_contain_text("已保存", timeout=60_000)
        except AssertionError as e:  # say why: the toast the page showed and the server's last log lines
            toasts = page.locator(".toast-body").all_inner_texts()
            fields = [page.locator(f"#{f} textarea, #{f} input").first.input_value()
                      for f in ("kb-fix-title", "kb-fix-number", "kb-fix-issuer", "kb-fix-date")]
            server = (OUT / "ui-app.log").read_text(encoding="utf-8")[-3000:]
            raise AssertionError(f"{e}\ntoasts: {toasts}\nfields: {fields}\nserver log:\n{server}") from None
        expect(page.locator("#kb-audit")).to_contain_text("更正", timeout=30_000)
        page.screenshot(path=str(OUT / "ui-11-library-edit.png"), full_page=True)
        shown.append(page.evaluate(INTERFACE_TEXT))
        browser.close()
    text = "\n".join(shown)
    english = _english_words(text)
    assert not english, [(w, text[max(0, text.find(w) - 30):text.find(w) + 30]) for w in english]
    assert not errors, errors


# ----------------------------------------------------------------------------- hostile document (last: it changes the index)


@pytest.mark.browser
def test_ui_browser_hostile_document_is_shown_not_run(app: dict, tmp_path: Path) -> None:
    """Upload (through the page) a file whose name and text carry markup; everywhere it shows, nothing runs."""
    from playwright.sync_api import expect

    from kb.pipeline import doc_id_for
    from kb.store import Store

    src = tmp_path / "upload"
    src.mkdir()
    hostile = src / XSS_NAME
    hostile.write_text(XSS_TEXT, encoding="utf-8")
    before = Store.open(app["index_dir"]).doc_ids()

    with _browser() as p:
        browser = _launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(app["url"])
        page.get_by_role("tab", name="文档库").click()
        page.locator("#kb-upload input[type=file]").set_input_files(str(hostile))
        page.locator("#kb-upload-btn").click()
        result = page.locator("#kb-upload-result")
        expect(result).to_contain_text("已入库", timeout=120_000)
        page.screenshot(path=str(OUT / "ui-7-upload.png"), full_page=True)
        assert str(app["index_dir"]) not in result.inner_text() and "/tmp" not in result.inner_text()

        (doc_id,) = Store.open(app["index_dir"]).doc_ids() - before
        # no markup, no path separator, no leading dot; the same id `kb ingest` gives a file of that name
        assert not set(doc_id) & set("<>/\\\"' ") and not doc_id.startswith(".")
        assert doc_id == doc_id_for(Path(XSS_NAME))
        assert [f.name for f in (app["index_dir"] / "uploads").iterdir()] == [f"{doc_id}.txt"]
        page.locator("#kb-docs").get_by_text(doc_id).locator("visible=true").first.click(timeout=30_000)
        tree = page.locator("#kb-tree")
        tree.get_by_text("巡访记录").wait_for(timeout=30_000)
        text = tree.inner_text()
        assert "<script>window.__kbxss = 1; alert('xss-script')</script>" in text
        assert "<img src=x onerror=" in text and "${alert(3)}" in text and "{{constructor}}" in text
        assert tree.locator("script, img").count() == 0
        page.screenshot(path=str(OUT / "ui-8-xss-tree.png"), full_page=True)

        page.get_by_role("tab", name="问答").click()
        page.locator("#kb-question textarea, #kb-question input").first.fill("夜间助老巡访点位每个社区不少于几个")
        page.locator("#kb-ask").click()
        page.locator("#kb-answer .kb-card, #kb-answer .kb-empty").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        card = page.locator(f'#kb-answer .kb-card[data-doc="{doc_id}"]')
        if card.count():
            assert "<script>" in card.inner_text()
            assert page.locator("#kb-answer script, #kb-answer img").count() == 0
        page.screenshot(path=str(OUT / "ui-9-xss-answer.png"), full_page=True)
        assert page.evaluate("window.__kbxss === undefined")
        browser.close()
    assert dialogs == []


def test_ui_app_parallel_users_each_get_their_answer(app: dict) -> None:
    from gradio_client import Client

    questions = [QUESTION, "护理型床位占比", "周政办〔2024〕13号", "老年人助餐配餐服务"]
    clients = [Client(app["url"], verbose=False) for _ in questions]
    jobs = [c.submit(q, "全部", "全部", "全部", "", "", api_name="/ask") for c, q in zip(clients, questions, strict=True)]
    results = [j.result(timeout=120) for j in jobs]
    assert all(r[0].startswith("<div") for r in results)
    assert f'data-doc="{ZHOUKOU}"' in results[2][0]  # the 文号 question finds its own document


def test_ui_app_login_when_auth_is_set(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """With KB_AUTH the API refuses anonymous clients and accepts the right password."""
    from gradio_client import Client

    source = os.environ.get("KB_UI_TEST_INDEX") or request.getfixturevalue("built_index")[0]
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "KB_AUTH": "staff:s3cret"}
    with (tmp_path / "auth.log").open("w") as log:
        proc = subprocess.Popen([sys.executable, str(ROOT / "ui.py"), "--index", str(source), "--port", str(port)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_http(url, proc)
            with pytest.raises(Exception):  # noqa: B017 - gradio_client raises a plain ValueError/HTTP error
                Client(url, verbose=False).predict(api_name="/choices")
            with pytest.raises(Exception):  # noqa: B017
                Client(url, auth=("staff", "wrong"), verbose=False)
            docs = Client(url, auth=("staff", "s3cret"), verbose=False).predict(api_name="/choices")[-1]["data"]
            assert any(ZHOUKOU + ".txt" in r for r in docs)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
