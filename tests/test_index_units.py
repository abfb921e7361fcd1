"""Fast tests of the index parts: fusion, tokenizer, query preparation, manifest refusal, cached refresh."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.config import Settings
from kb.errors import IndexMismatchError, IndexMissingError
from kb.index import ClauseIndex, refresh
from kb.index.fuse import ranks_of, rrf
from kb.index.lexical import top_rows
from kb.index.query import find_doc_numbers, normalise_doc_number, prepare, same_doc_number
from kb.index.tokenizer import PolicyTokenizer, fold_width, numerals_to_digits
from kb.models import Clause, Document, Records
from kb.store import Store
from kb.vocabulary import expand_synonyms

TOK = PolicyTokenizer()

# ------------------------------------------------------------------ fusion


def test_rrf_weights_and_ties():
    fused = rrf({"bm25": ["a", "b"], "dense": ["b", "c"]}, {"bm25": 1.0, "dense": 1.0}, k=10)
    assert fused[0][0] == "b"  # in both lists
    assert [i for i, _ in fused[1:]] == ["a", "c"]  # a (rank 1) and c (rank 2) differ
    heavy = rrf({"bm25": ["a"], "dense": ["c"]}, {"bm25": 0.5, "dense": 1.0}, k=10)
    assert heavy[0][0] == "c"


@given(st.dictionaries(st.sampled_from(["bm25", "dense", "docnum"]),
                       st.lists(st.sampled_from("abcdefgh"), unique=True, max_size=8), max_size=3))
def test_rrf_ignores_input_order(rankings):
    reordered = dict(reversed(list(rankings.items())))
    assert rrf(rankings, {"bm25": 0.6}) == rrf(reordered, {"bm25": 0.6})
    ids = {i for ids in rankings.values() for i in ids}
    assert {i for i, _ in rrf(rankings)} == ids
    assert set(ranks_of(rankings)) == ids


def test_top_rows_mask_and_zero_scores():
    scores = np.array([0.0, 3.0, 1.0, 2.0, 0.0], dtype=np.float32)
    assert [r for r, _ in top_rows(scores, 10)] == [1, 3, 2]  # zero scores are not hits
    mask = np.array([True, False, True, True, True])
    assert [r for r, _ in top_rows(scores, 2, mask)] == [3, 2]


# ------------------------------------------------------------------ tokenizer (real corpus snippets)


@pytest.mark.parametrize(
    "text, must_have",
    [
        ("落实新建城镇居住区按照每百户不低于30平方米标准配建养老服务设施的规定", ["养老服务设施", "配建", "30"]),
        ("提升护理型床位占比", ["护理型床位"]),
        ("加快推进老年人居家适老化改造,试点建设家庭照护床位", ["适老化改造"]),
        ("(责任单位:市民政局、市财政局、市残联)", ["责任单位", "民政局", "财政局"]),
        ("按照每百户不少于二十平方米的标准", ["20"]),  # Chinese numerals also as digits
        ("自竣工验收合格之日起九十日内", ["90"]),
        ("１００元", ["100"]),  # full-width digits folded
    ],
)
def test_tokens_keep_policy_terms(text, must_have):
    tokens = TOK.tokens(text)
    for word in must_have:
        assert word in tokens, (word, tokens)


def test_tokens_drop_punctuation_and_stop_words():
    tokens = TOK.tokens("各县(市、区)人民政府应当按照规定,")
    assert not {"(", "、", ",", "应当", "按照"} & set(tokens)


def test_fold_width_and_numerals():
    assert fold_width("ＡＢＣ（１）") == "abc(1)"
    assert numerals_to_digits("百分之五十五") == "55%"
    assert numerals_to_digits("no numerals") == "no numerals"


def test_tokenizer_is_its_own_instance():
    import jieba

    TOK.tokens("护理型床位")
    assert TOK._tokenizer() is not jieba.dt


# ------------------------------------------------------------------ query preparation


@pytest.mark.parametrize(
    "text, expected",
    [
        ("周政办〔2024〕13号", "周政办〔2024〕13号"),
        ("周政办[2024]13号", "周政办〔2024〕13号"),
        ("浙民（2021）65号", "浙民〔2021〕65号"),
        ("国发〔2018〕39号文件", "国发〔2018〕39号"),
        ("养老服务设施", ""),
    ],
)
def test_doc_number_normalised(text, expected):
    assert normalise_doc_number(text) == expected


def test_prepare_separates_doc_number_and_expands_synonyms():
    q = prepare("周政办〔2024〕13号 小区配建", TOK)
    assert q.doc_numbers == ["周政办〔2024〕13号"] and not q.only_doc_number
    assert "周政办" not in q.text
    assert {"居住区", "配套建设"} <= set(q.expansion)
    only = prepare("周政办〔2024〕13号", TOK)
    assert only.only_doc_number
    found = [n for n, _, _ in find_doc_numbers("依据豫政办〔2021〕53号和周政办〔2024〕13号")]
    assert same_doc_number(found[1], "周政办〔2024〕13号")
    assert not same_doc_number(found[0], "周政办〔2024〕13号")
    assert not same_doc_number("周政办〔2024〕12号", "周政办〔2024〕13号")


def test_synonyms_both_ways():
    assert "认知障碍" in expand_synonyms("老年痴呆照护")
    assert "老年痴呆" in expand_synonyms("认知障碍照护")
    assert expand_synonyms("量子计算") == []


@pytest.mark.parametrize(
    "everyday, document_word, not_back",
    [("钱", "补贴", "资金"), ("养老院", "养老机构", "敬老院"), ("老人", "老年人", "老人"), ("谁负责", "责任单位", "牵头单位")],
)
def test_everyday_words_map_one_way(everyday, document_word, not_back):
    assert document_word in expand_synonyms(f"{everyday}怎么办")
    assert not_back not in expand_synonyms(f"{document_word}的规定")  # 补贴 must not look for 资金


@pytest.mark.parametrize(
    "question, kept, dropped",
    [
        ("子女不管父母怎么办", ["子女", "不管", "父母"], ["怎么办"]),
        ("养老院出了意外事故有没有保险兜底", ["意外事故", "保险"], ["没有"]),
        ("老人每年能不能免费查一次身体", ["免费", "身体"], ["不能"]),
        ("岁数大的老人每月能领到政府的钱吗", ["每月", "政府"], ["吗"]),
        ("网吧管理", ["网吧"], []),  # 吧 only as a sentence-final particle
    ],
)
def test_question_frames_leave_the_lexical_query(question, kept, dropped):
    q = prepare(question, TOK)
    assert set(kept) <= set(q.tokens) and not set(dropped) & set(q.tokens)
    assert q.text == question  # the embedder still reads the whole question


def test_prepare_maps_query_words_to_their_synonyms():
    q = prepare("新建小区配建标准", TOK)
    assert ["居住区"] in [alt[-1:] for alt in q.alternatives["小区"]]
    assert any("配套建设" in alt for alt in q.alternatives["配建"])
    assert "标准" not in q.alternatives


def _lexical_index(tmp_path: Path, texts: list[str]) -> ClauseIndex:
    from kb.index.lexical import LexicalIndex

    lexical = LexicalIndex.build([TOK.tokens(t) for t in texts])
    return ClauseIndex(tmp_path, {}, [f"d:{i}" for i in range(len(texts))], ["d"] * len(texts), lexical, None,
                       Settings())


def test_term_share_counts_synonyms(tmp_path):
    # 焦作's reply letter says 新建城镇居住区配套建设…: the question's 小区 and 配建 are there in other words
    texts = ["《焦作市养老服务促进条例》明确将新建城镇居住区配套建设社区养老服务设施由每百户不低于30平方米提高到50平方米",
             "新建、改建和扩建居住区应当符合国家无障碍设施工程建设标准。",
             "加快敬老院提升改造工程"]
    index = _lexical_index(tmp_path, texts)
    q = prepare("新建小区配建标准", index.tokenizer)
    plain = index.term_share(q.tokens, [0, 1, 2])
    shared = index.term_share(q.tokens, [0, 1, 2], q.alternatives)
    assert plain[0] < 0.2 < 0.6 < shared[0] < 1.0  # 新建 + 居住区 + 配套建设 count; 标准 is missing
    assert shared[1] > plain[1]  # 居住区 stands for 小区 there too
    assert shared[2] == plain[2] == 0.0
    assert index.term_share(q.tokens, [0], {"小区": [["量子"]]}) == index.term_share(q.tokens, [0])  # unknown synonym


def test_presence_binary_search_matches_isin():
    from kb.index.lexical import _members

    column = np.array([1, 4, 9, 10, 200], dtype=np.int32)
    wanted = np.array([0, 1, 5, 10, 200, 201], dtype=np.int32)
    assert _members(wanted, column).tolist() == np.isin(wanted, column).tolist()
    unsorted = np.array([9, 1, 200], dtype=np.int32)
    assert _members(wanted, unsorted).tolist() == np.isin(wanted, unsorted).tolist()


def test_coverage_term_lifts_the_clause_that_holds_every_word():
    from kb.index.fuse import fuse

    rankings = {"bm25": ["a", "b", "c"], "dense": ["b", "c", "a"]}
    assert fuse(rankings, 0.5, {})[0][0] == "b"
    lifted = fuse(rankings, 0.5, {"a": 0.2, "b": 0.3, "c": 1.0})
    assert lifted[0][0] == "c"
    assert fuse(rankings, 0.5, {"c": 1.0}, coverage_weight=0.0) == fuse(rankings, 0.5, {})


# ------------------------------------------------------------------ refresh / manifest, with a tiny embedder


class HashEmbedder:
    """Deterministic bag-of-characters vectors: enough to test storage and caching, not quality."""

    name = "test:hash"
    dim = 64

    def __init__(self) -> None:
        self.calls = 0

    def _encode(self, texts):
        self.calls += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for ch in t:
                out[i, int(hashlib.md5(ch.encode()).hexdigest(), 16) % self.dim] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    encode_passages = _encode
    encode_queries = _encode


SNIPPETS = [
    "第十一条 新建城镇居住区按照每一百户不低于二十平方米的标准配套建设社区养老服务设施。",
    "13.积极发展老年助餐服务工作,按照老年助餐服务覆盖40%的城镇社区和10%的行政村。",
    "第二十六条 补贴标准为每人每次就餐费用的四分之一，最高不超过3元。",
]


def _store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path, create=True)
    clauses = [Clause(id=f"d:{i:04d}", doc_id="d", seq=i, text=t) for i, t in enumerate(SNIPPETS)]
    store.put_document(Document(id="d", source="d.txt", sha256="x", text="\n".join(SNIPPETS)), clauses, Records())
    return store


def test_refresh_caches_vectors_and_writes_manifest(tmp_path):
    store, emb = _store(tmp_path), HashEmbedder()
    assert refresh(tmp_path, store, Settings(), embedder=emb) == 3
    assert refresh(tmp_path, store, Settings(), embedder=emb) == 0  # unchanged clauses: nothing re-embedded
    assert emb.calls == 3
    index = ClauseIndex.open(tmp_path, Settings(), embedder=emb)
    assert index.manifest["model"] == "test:hash" and index.manifest["dim"] == 64
    got = index.retrieve(prepare("就餐补贴", index.tokenizer), 3)
    assert got.bm25[0][0] == 2 and got.dense


def test_index_built_with_another_model_is_refused(tmp_path):
    refresh(tmp_path, _store(tmp_path), Settings(), embedder=HashEmbedder())
    with pytest.raises(IndexMismatchError, match="embedder='e5-onnx-int8'"):
        ClauseIndex.open(tmp_path, Settings(embedder="/some/other/model"))


def test_missing_index(tmp_path):
    with pytest.raises(IndexMissingError, match="kb ingest"):
        ClauseIndex.open(tmp_path, Settings())


# ------------------------------------------------------------------ thesaurus expansion (kb/data/expansions.tsv)


@pytest.mark.parametrize(
    ("question", "word", "wording"),
    [
        ("在不让抽烟的地方抽烟，别人劝了也不听，会被罚多少钱？", "抽烟", "吸烟"),
        ("在工地上干了半年活，包工头跑了，工钱该找谁要？", "工钱", "工资"),
        ("岁数大的老人每月能领到政府的钱吗", "岁数", "年龄"),
    ],
)
def test_prepare_adds_the_documents_wordings_of_everyday_words(question, word, wording, monkeypatch):
    from kb.vocabulary import expansions

    monkeypatch.setenv("KB_THESAURUS", "cilin")
    q = prepare(question, TOK)
    assert wording in expansions()[word]
    assert any(wording in group for group in q.thesaurus)
    assert wording not in q.tokens  # scored apart, at a lower weight


def test_thesaurus_is_off_unless_chosen(monkeypatch):
    """The shipped table derives from 同义词词林 (released for research use): opt-in with KB_THESAURUS."""
    monkeypatch.delenv("KB_THESAURUS", raising=False)
    assert prepare("在不让抽烟的地方抽烟，会被罚多少钱？", TOK).thesaurus == []
    monkeypatch.setenv("KB_THESAURUS", "cilin")
    assert prepare("在不让抽烟的地方抽烟，会被罚多少钱？", TOK).thesaurus


def test_prepare_leaves_the_documents_own_words_alone(monkeypatch):
    monkeypatch.setenv("KB_THESAURUS", "cilin")
    q = prepare("在禁止吸烟场所吸烟不听劝阻的罚款", TOK)
    assert not any("吸烟" in group or "罚款" in group for group in q.thesaurus)


def test_thesaurus_wordings_rank_a_clause_in_the_documents_words(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_THESAURUS", "cilin")
    # 青岛市控制吸烟条例 and 保障农民工工资支付条例 第三十条, beside a clause that says 抽烟 itself (a 驾驶 item)
    texts = ["违反本条例规定，在禁止吸烟场所吸烟不听劝阻的，由控制吸烟监督管理部门责令改正，处二百元的罚款。",
             "分包单位拖欠农民工工资的，由施工总承包单位先行清偿，再依法进行追偿。",
             "（二）驾驶机动车时抽烟或者以手持方式使用移动通讯工具等影响安全行车；"]
    index = _lexical_index(tmp_path, texts)
    q = prepare("在不让抽烟的地方抽烟，别人劝了也不听，会被罚多少钱？", index.tokenizer)
    plain = index.lexical_scores(q.tokens)
    expanded = plain + 0.5 * index.thesaurus_scores(q.thesaurus)
    assert expanded[0] > plain[0] and expanded[2] == plain[2]
    one = index.thesaurus_scores([["吸烟"]])
    assert np.allclose(index.thesaurus_scores([["吸烟", "吸烟"]]), one)  # a group counts its best wording once
