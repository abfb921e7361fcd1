"""Search and answers with the real default model (multilingual-e5-small, int8 ONNX) over the real corpus/ (index built once per session)."""

from __future__ import annotations

import io
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from kb.config import Settings
from kb.errors import IndexMismatchError
from kb.models import Filters
from kb.search import KnowledgeBase, simplify

_STRIP = re.compile(r"[\W_]+")


def _norm(text: str) -> str:
    return _STRIP.sub("", simplify(text))


@pytest.fixture(scope="module")
def index_dir(request) -> Path:
    """The session's corpus index; KB_TEST_INDEX=<dir> reuses one already built from corpus/ (faster reruns)."""
    if os.environ.get("KB_TEST_INDEX"):
        return Path(os.environ["KB_TEST_INDEX"])
    return request.getfixturevalue("built_index")[0]


@pytest.fixture(scope="module")
def kb(index_dir) -> KnowledgeBase:
    return KnowledgeBase.open(index_dir)


def _found(kb: KnowledgeBase, hits, source: str, piece: str) -> bool:
    return any(
        kb.document_meta(h.doc_id).source == source and _norm(piece) in _norm(h.clause.text) for h in hits
    )


# (query, source file, piece of the answering clause) copied from corpus/
KEYWORD = [
    ("新建住宅小区配建养老服务设施标准", "003_ac2c417f64737111.txt",
     "落实新建城镇居住区按照每百户不低于30平方米标准配建养老服务设施的规定"),
    ("老年人就餐补贴标准", "guangdong_guangzhou_city_laonianren_zhucan_peican_fuwu_guanli_banfa_2024.html",
     "补贴标准为每人每次就餐费用的四分之一"),
    ("公建民营合同期限", "002_6826ce07d37866fe.txt", "合同期限最长不超过10年"),
    ("创业担保贷款额度", "national_guofa_2018_39_cujin_jiuye_ruogan_yijian.html", "可申请最高不超过15万元的创业担保贷款"),
    ("养老机构等级评定", "002_6826ce07d37866fe.txt", "健全养老机构等级评定制度"),
    ("每百户二十平方米 社区养老服务设施", "shandong_qingdao_city_yanglao_fuwu_cujin_tiaoli_2018.md",
     "按照每百户不少于二十平方米的标准"),
]
PARAPHRASE = [
    ("老人吃饭难怎么解决", "003_ac2c417f64737111.txt", "积极发展老年助餐服务工作"),
    ("子女不管父母怎么办", "henan_province_laonianren_quanyi_baozhang_tiaoli_2018.md", "赡养人"),
    ("老年痴呆病人去哪里照护", "002_6826ce07d37866fe.txt", "认知障碍"),
    ("养老院交电费是按商业价还是民用价", "003_ac2c417f64737111.txt", "按照居民生活类价格标准收费"),
]


@pytest.mark.parametrize("query, source, piece", KEYWORD)
def test_keyword_queries_find_their_clause(kb, query, source, piece):
    assert _found(kb, kb.search(query, k=5), source, piece)


# After the session-10 refit of the fusion weights on the archive (BM25 0.3 -> 0.6 instead of 0.6 -> 1.0, coverage 4.0;
# kb.index.fuse), chosen leave-one-set-out over seven query sets, this one paraphrase's answer ranks 7th instead of 5th:
# a known loss traded for the held-out gains (README, "Fusion refit on the archive"); strict, so a fix shows up.
KNOWN_MISSES = {"子女不管父母怎么办"}


@pytest.mark.parametrize("query, source, piece", [
    pytest.param(*p, marks=pytest.mark.xfail(strict=True, reason="ranks 7th since the archive refit"))
    if p[0] in KNOWN_MISSES else p for p in PARAPHRASE])
def test_paraphrases_find_their_clause(kb, query, source, piece):
    hits = kb.search(query, k=5)
    assert any(_found(kb, hits, s, p) for s, p in [(source, piece), *OTHER_ANSWERS.get(query, [])])


# clauses of other corpus documents that answer a paraphrase as well as the one it was written from (read in full:
# 广州's 办法 is about nothing but 老年人助餐配餐, so its clauses on how meals are provided answer 吃饭难 as 003's does)
OTHER_ANSWERS = {
    "老人吃饭难怎么解决": [
        ("guangdong_guangzhou_city_laonianren_zhucan_peican_fuwu_guanli_banfa_2024.html", "老年人助餐配餐服务采取以下方式提供"),
        ("guangdong_guangzhou_city_laonianren_zhucan_peican_fuwu_guanli_banfa_2024.html", "自主供给服务模式"),
        ("guangdong_guangzhou_city_laonianren_zhucan_peican_fuwu_guanli_banfa_2024.html", "单位食堂专区（窗）服务模式"),
    ],
}


def test_feedback_search_follows_the_first_pass(kb):
    ranked = kb.retrieve("养老机构等级评定", 20)
    assert ranked.rankings["feedback"], "the feedback list is fused with the others"
    # with no clause to follow it is the plain dense search; pulled hard toward one clause, it finds that clause first
    dense = [kb.index.row_of[c] for c in ranked.rankings["dense"][:10]]
    assert [r for r, _ in kb.index.feedback_top(ranked.query_vector, [], 10)] == dense
    row = kb.index.row_of[ranked.rankings["bm25"][0]]
    assert kb.index.feedback_top(ranked.query_vector, [row], 5, beta=100.0)[0][0] == row
    assert kb.index.feedback_top(ranked.query_vector, [row], 5, beta=0.0)[0][0] == dense[0]


def test_hits_keep_per_retriever_ranks(kb):
    hits = kb.search("养老机构等级评定", k=5)
    assert all(h.ranks and set(h.ranks) <= {"bm25", "dense", "context", "docnum", "feedback"} for h in hits)
    assert all(1 <= r for h in hits for r in h.ranks.values())
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_traditional_and_full_width_queries_fold(kb):
    simp = [h.clause_id for h in kb.search("养老服务联席会议制度", k=5)]
    trad = [h.clause_id for h in kb.search("養老服務聯席會議制度", k=5)]
    assert simp == trad


def test_doc_number_matches_exactly(kb):
    zhoukou = next(d for d in kb.documents() if d.source.startswith("003_"))
    assert zhoukou.doc_number == "周政办〔2024〕13号"
    hits = kb.search("周政办[2024]13号", k=5)
    assert hits and all(h.doc_id == zhoukou.id for h in hits)
    hits = kb.search("周政办〔2024〕13号 助餐", k=5)
    assert hits and all(h.doc_id == zhoukou.id for h in hits)
    assert any("助餐" in h.text for h in hits)


@pytest.mark.parametrize(
    "filters, check",
    [
        (Filters(region="周口市"), lambda d: d.region == "周口市"),
        (Filters(province="山东省"), lambda d: d.province == "山东省"),
        (Filters(level="province"), lambda d: d.level == "province"),
        (Filters(date_from="2020-01-01", date_to="2021-12-31"), lambda d: "2020-01-01" <= d.date <= "2021-12-31"),
    ],
)
def test_filters_filter(kb, filters, check):
    hits = kb.search("养老服务设施建设", k=10, filters=filters)
    assert hits
    assert all(check(h.document) for h in hits)


def test_filter_by_document(kb):
    doc = next(d for d in kb.documents() if d.source.startswith("002_"))
    hits = kb.search("养老服务", k=10, filters=Filters(doc_ids=[doc.id]))
    assert hits and {h.doc_id for h in hits} == {doc.id}


@pytest.mark.parametrize("query", ["量子计算机显卡超频教程", "如何烤制法式可颂面包", "NBA总决赛比分"])
def test_nonsense_gets_nothing_relevant(kb, query):
    answer = kb.ask(query)
    assert not answer.found and not answer.items and "没有找到" in answer.message


def test_ask_cites_and_ranks_by_answer_not_level(kb):
    """Issue 14: documents ranked by how well they answer (direct first, then the answering sentence's share of
    the question, then score); the level is a label on the card."""
    from kb.search import _answer_rank

    answer = kb.ask("新建住宅小区配建养老服务设施标准")
    assert answer.found and len(answer.items) >= 3
    for item in answer.items:
        assert item.citations and item.citations[0].title
        assert all(c.text in (kb.clause(c.id).text,) for c in item.clauses)  # extractive: stored clauses only
    assert [_answer_rank(i) for i in answer.items] == sorted(_answer_rank(i) for i in answer.items)
    tiaoli = [c for i in answer.items for c in i.citations if "条例" in c.title]
    assert tiaoli and all(c.path.startswith("第") for c in tiaoli)


def test_ask_attaches_figures(kb):
    answer = kb.ask("老年人就餐补贴标准")
    assert answer.found
    assert any(ind.value == 3 or "3元" in ind.raw for item in answer.items for ind in item.indicators)


def test_parallel_queries_match_sequential(kb):
    queries = [q for q, _, _ in KEYWORD + PARAPHRASE] * 2
    expected = {q: [h.clause_id for h in kb.search(q, k=5)] for q in queries}
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda q: (q, [h.clause_id for h in kb.search(q, k=5)]), queries))
    assert all(ids == expected[q] for q, ids in got)
    with ThreadPoolExecutor(max_workers=3) as pool:
        answers = list(pool.map(kb.ask, [q for q, _, _ in PARAPHRASE]))
    assert all(a.found for a in answers)


def test_context_gives_parents_and_neighbours(kb):
    child = next(c for c in kb.store.clauses() if c.parent_id)
    ctx = kb.context(child.id)
    ids = [c.id for c in ctx]
    assert child.parent_id in ids and child.id in ids
    assert ids.index(child.parent_id) < ids.index(child.id)


def test_index_refuses_other_model(index_dir):
    with pytest.raises(IndexMismatchError, match="KB_EMBEDDER"):
        KnowledgeBase.open(index_dir, Settings(embedder="/models/bge-small-zh"))


def test_cli_search_stdin_json_lines(index_dir, monkeypatch, capsys):
    from kb.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("医养结合\n\n时间银行\n"))
    assert main(["search", "-", "--index", str(index_dir), "-k", "3"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [l["query"] for l in lines] == ["医养结合", "时间银行"]
    hit = lines[1]["hits"][0]
    assert set(hit) == {"clause_id", "doc_id", "text", "score", "ranks", "also"} and "时间银行" in hit["text"]
    assert all(set(a) == {"clause_id", "doc_id"} for h in lines[0]["hits"] for a in h["also"])


@pytest.mark.parametrize("query", ["养老机构暂停或者终止服务", "本条例自施行之日起施行", "老年人权益保障"])
def test_search_groups_near_identical_clauses(kb, query):
    """No two hits are copies of each other; each hit's "also" holds copies of it, ranked below it."""
    from kb.index.groups import GROUP_JACCARD, jaccard, shingles

    hits = kb.search(query, k=10)
    assert len(hits) == 10
    texts = [shingles(h.clause.text) for h in hits]
    assert all(jaccard(a, b) < GROUP_JACCARD for i, a in enumerate(texts) for b in texts[i + 1 :])
    for h in hits:
        for a in h.also:
            assert jaccard(shingles(h.clause.text), shingles(kb.clause(a.clause_id).text)) >= GROUP_JACCARD
    ungrouped = [h.clause_id for h in kb.search(query, k=30, group=1.01)]
    for h in hits:
        assert all(ungrouped.index(a.clause_id) > ungrouped.index(h.clause_id) for a in h.also if a.clause_id in ungrouped)


def test_cli_ask_json(index_dir, capsys):
    from kb.cli import main

    assert main(["ask", "量子计算机显卡超频教程", "--index", str(index_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["found"] is False


def test_ask_new_estate_standard_shows_every_city_with_figures(kb):
    """The app's first demo: 小区 ~ 居住区/住宅小区 and 配建 ~ 配套建设. 周口 says 配建 and 居住区; 焦作's answer is
    one long paragraph of a reply letter (BM25 rank 15, embedding far down) that says 新建城镇居住区配套建设…由每百户
    不低于30平方米提高到50平方米; both must be answered, with their figures, next to 河南省's own clauses."""
    answer = kb.ask("新建小区配建标准")
    assert answer.found
    by_source = {i.document.source: i for i in answer.items}
    expect = {
        "003_ac2c417f64737111.txt": ("每百户不低于30平方米标准配建养老服务设施", "30平方米"),
        "001_4b3757ccbb240fc5.txt": ("由每百户不低于30平方米提高到50平方米", "50平方米"),
        "henan_province_laonianren_quanyi_baozhang_tiaoli_2018.md": ("每百户不低于30平方米的标准配套建设", "30平方米"),
        "004_1d889c251517f314.txt": ("新建居民住宅区按照每百户不低于30平方米", "30平方米"),
    }
    for source, (piece, figure) in expect.items():
        assert source in by_source, (source, [i.document.source for i in answer.items])
        item = by_source[source]
        assert any(_norm(piece) in _norm(c.text) for c in item.clauses), (source, [c.text[:60] for c in item.clauses])
        assert any(figure in ind.raw for ind in item.indicators), (source, [ind.raw for ind in item.indicators])
    regions = [i.document.region for i in answer.items]
    # the 山东/浙江 条例 that set their own 每百户 standards answer too
    assert {"青岛市", "德州市", "山东省", "浙江省"} <= set(regions)


def test_ask_caps_documents_by_answer_rank_not_by_province_order(kb):
    full = kb.ask("新建小区配建标准")
    capped = kb.ask("新建小区配建标准", max_documents=3)
    assert [i.document.id for i in capped.items] == [i.document.id for i in full.items[:3]]


@pytest.mark.parametrize(
    "query, words, n",
    [  # clauses that hold every word of the question first: BM25 alone ranks a clause repeating one word
       # (照护, 保险) high, dense alone a clause on a similar topic (护理型床位)
        ("养老机构责任保险", ["养老机构", "责任保险"], 3),
        ("家庭照护床位", ["家庭照护床位"], 2),
        ("八十周岁以上老年人高龄津贴", ["八十周岁以上", "高龄津贴"], 3),
    ],
)
def test_clauses_holding_every_word_come_first(kb, query, words, n):
    hits = kb.search(query, k=n)
    assert all(all(w in _norm(h.clause.text) for w in words) for h in hits), [h.text[:40] for h in hits]


def test_ask_shows_a_sections_clause_not_its_title(kb):
    """德州's best match for 医养结合 is its section title 第四节 医养结合服务: the answer shows the section's
    first article instead (a title alone tells a memo nothing)."""
    from kb.search import is_heading

    answer = kb.ask("医养结合")
    assert answer.found
    assert not any(is_heading(c.text) for item in answer.items for c in item.clauses)
    dezhou = next(i for i in answer.items if i.document.source.startswith("shandong_dezhou"))
    assert any("建立健全医养结合机制" in c.text for c in dezhou.clauses)


@pytest.mark.parametrize(
    "text, heading",
    [("第四节 医养结合服务", True), ("（一）设施建设。", True), ("三、主要任务", True),
     ("（五）高龄老年人；", False), ("第二十八条 实施八十周岁以上老年人高龄津贴制度。", False),
     ("县（市、区）：川汇区；老年助餐场所（个）：38", False)],
)
def test_is_heading(text, heading):
    from kb.search import is_heading

    assert is_heading(text) is heading


@pytest.mark.parametrize(
    "ranks, line",
    [({"bm25": 2, "dense": 1}, "语义第1 · 关键词第2"), ({"bm25": 1}, "关键词第1"), ({"docnum": 1}, "文号第1"), ({}, "")],
)
def test_why_line(ranks, line):
    from kb.search import why_line

    assert why_line(ranks) == line


_QUERY_SETS = ["queries.jsonl", "heldout.jsonl", "exhaustive.jsonl"]


@pytest.mark.parametrize("name", _QUERY_SETS)
def test_benchmark_judgments_point_at_real_clauses(kb: KnowledgeBase, name: str) -> None:
    """Every relevant piece of the benchmark's query sets lies inside a clause of its source document as the index
    holds it (a piece broken by a cleaning or segmentation change would silently turn into a miss for every method);
    in the exhaustive set each piece names exactly one clause."""
    path = Path(__file__).parent / "data" / "search" / name
    queries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_source: dict[str, list[str]] = {}
    for meta in kb.documents():
        by_source.setdefault(meta.source, []).extend(_norm(c.text) for c in kb.clauses(meta.id))
    broken, ambiguous = [], []
    for q in queries:
        assert q["query"].strip() and q["relevant"] and q.get("kind") in ("keyword", "paraphrase"), q
        for r in q["relevant"]:
            holders = [t for t in by_source.get(r["source"], []) if _norm(r["text"]) in t]
            if not holders:
                broken.append((q["query"], r["source"], r["text"]))
            elif q.get("judged") == "exhaustive" and len(holders) > 1:
                ambiguous.append((q["query"], r["text"]))
    assert not broken, broken
    assert not ambiguous, ambiguous
    if name == "exhaustive.jsonl":
        assert len(queries) >= 30 and {q["kind"] for q in queries} == {"keyword", "paraphrase"}


# ----------------------------------------------------------------------------- the context retriever


@pytest.mark.parametrize(
    ("length", "windows"),
    [
        (0, []),
        (120, [(0, 120)]),
        (500, [(0, 500)]),
        (501, [(0, 500), (400, 501)]),
        (1000, [(0, 500), (400, 900), (800, 1000)]),
    ],
)
def test_context_windows(length: int, windows: list[tuple[int, int]]) -> None:
    from kb.index.clause_index import context_windows

    assert context_windows(length) == windows


def test_context_spans_cover_every_clause_of_a_real_document(kb: KnowledgeBase) -> None:
    """Weihai's 条例: every clause lies in some window, a window lists exactly the clauses it overlaps, and the
    article 第五十八条 shares a window with its list item （一）挤占和挪用养老服务设施用房、用地."""
    from kb.index.clause_index import context_spans

    doc_id = "shandong_weihai_city_jumin_yanglao_fuwu_baozhang_tiaoli_2020"
    document, clauses = kb.document(doc_id), kb.clauses(doc_id)
    spans = context_spans(document.text, clauses, 100)
    assert {r for _, a, b in spans for r in range(a, b)} == set(range(100, 100 + len(clauses)))
    for text, a, b in spans:
        assert text in document.text and len(text) <= 500
        start = document.text.index(text)
        inside = [i + 100 for i, c in enumerate(clauses) if c.start < start + len(text) and c.end > start]
        assert inside == list(range(a, b))
    article = next(i for i, c in enumerate(clauses) if c.text.startswith("第五十八条"))
    item = next(i for i, c in enumerate(clauses) if "挤占和挪用养老服务设施用房" in c.text and c.number == "（一）")
    assert any(a <= article + 100 < b and a <= item + 100 < b for _, a, b in spans)


def test_context_ranks_clauses_by_their_window_within_filters(kb: KnowledgeBase) -> None:
    index = kb.index
    assert index.context is not None and index.context.size == len(index.context_rows) > 0
    vector = kb.embed_query("小区配套的养老用房被改成出租门面了，会被怎么罚")
    doc = "shandong_province_yanglao_fuwu_tiaoli_2020"
    mask = np.asarray([d == doc for d in index.doc_ids])
    top = index.context_top(vector, 10, mask)
    assert len(top) == 10 and all(index.doc_ids[r] == doc for r, _ in top)
    assert [s for _, s in top] == sorted((s for _, s in top), reverse=True)
    # the penalty for changing a facility's use (第六十八条) is found by the window it sits in
    assert any(kb.clause(index.clause_ids[r]).text.startswith("第六十八条") for r, _ in top[:5])
    assert index.context_top(vector, 5, np.zeros(index.size, dtype=bool)) == []


def test_context_weight_falls_with_lexical_confidence(kb: KnowledgeBase) -> None:
    """The context retriever's weight falls to 0 for a query whose every word one clause holds; a paraphrase gets a
    context ranking."""
    from kb.index.fuse import CONTEXT_WEIGHT, fusion_weights

    assert fusion_weights(1.0)["context"] == 0.0 and fusion_weights(0.0)["context"] == CONTEXT_WEIGHT
    ranked = kb.retrieve("小区配套的养老用房被改成出租门面了，会被怎么罚", 100)
    assert ranked.rankings["context"] and ranked.lexical_confidence < 0.6


def test_vector_keys_name_exactly_what_the_index_embedded(built_index) -> None:
    """Every text the index embeds (clause windows and context windows) is cached, and nothing else is: a prune that
    keeps ``vector_keys`` keeps everything a rebuild needs (on a copy of the session's own build, never a
    KB_TEST_INDEX one, whose cache may hold benchmark vectors; the session index stays untouched)."""
    import shutil

    index_dir = built_index[0]
    from kb.index import vector_keys
    from kb.store import Store

    copy = index_dir.parent / "vector-keys-copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(index_dir, copy)
    store = Store.open(copy)
    model = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))["model"]
    keys = vector_keys(store)
    assert len(keys) > len(store.clauses())  # windows of long clauses and the context windows
    assert set(store.get_vectors(model, keys)) == keys
    assert store.prune_vectors(model, keys) == 0
    assert store.prune_vectors(model, set(list(keys)[:10])) == len(keys) - 10
    store.close()
    shutil.rmtree(copy)


def test_restricted_ranking_equals_filtering_at_retrieval(kb):
    """Over-fetch then drop other documents (scripts/bench_archive_search.py --restrict-to-slice) gives every
    retriever the order that filtering the index to those documents gives."""
    keep = {d.id for d in kb.documents() if d.source.startswith(("shandong", "henan"))}
    for query in ("养老机构暂停或者终止服务", "老人吃饭难怎么解决", "家电以旧换新补贴标准"):
        wide = kb.retrieve(query, kb.index.size).restricted(lambda c: kb.clause(c).doc_id in keep, 50)
        narrow = kb.retrieve(query, 50, Filters(doc_ids=sorted(keep)))
        for name in ("bm25", "dense"):
            assert wide.rankings[name] == narrow.rankings[name], (query, name)
