"""Query preparation for BM25: tokens, curated policy synonyms (``kb.vocabulary``), 文号 found in the query.

The query is expected simplified already (``kb.search`` applies OpenCC); width folding and
Chinese numerals are handled by ``PolicyTokenizer``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.config import thesaurus_file
from kb.index.tokenizer import PolicyTokenizer, fold_width
from kb.vocabulary import expand_synonyms, expansions, synonym_groups

# Question frames of everyday questions (有没有, 能不能, 怎么办…): no clause says them, so for BM25 and the word
# coverage they are noise that either matches chance clauses or, missing from the corpus, weighs like a rare word.
# Removed from the lexical side only; the embedder still reads the whole question.
_QUESTION_FRAMES = re.compile(
    r"有没有|能不能|可不可以|是不是|会不会|要不要|该不该|怎么办|怎么样|怎样|为什么|为啥|咋办|什么样|有什么|什么|哪些|多少|[吗呢吧](?=[\s?？。!！]*$)"
)

# 机关代字〔年份〕序号号, with the brackets people actually type ([], (), 【】, 〔〕, ［］).
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})\s*[〔\[（(【［]\s*(\d{4})\s*[〕\]）)】］]\s*(\d{1,4})\s*号")


def without_frames(text: str) -> str:
    """``text`` with its question frames (有没有, 能不能, 怎么办…) blanked: what lexical channels match."""
    return _QUESTION_FRAMES.sub(" ", text)


def simplify(text: str) -> str:
    """繁→简 as ingest does it (kb.ingest.clean.to_simplified), then full/half-width folding: what every query
    goes through before ``prepare`` and before it is embedded."""
    from kb.ingest.clean import to_simplified  # OpenCC loads on the first query

    return fold_width(to_simplified(text))


def normalise_doc_number(text: str) -> str:
    """``周政办[2024]13号`` → ``周政办〔2024〕13号``; text without a 文号 → ""."""
    m = _DOC_NUMBER.search(fold_width(text))
    return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号" if m else ""


def find_doc_numbers(text: str) -> list[tuple[str, int, int]]:
    """Every 文号 in ``text`` as (normalised form, start, end)."""
    return [
        (f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号", m.start(), m.end())
        for m in _DOC_NUMBER.finditer(fold_width(text))
    ]


_NORMALISED = re.compile(r"^(.*)〔(\d{4})〕(\d+)号$")


def same_doc_number(found: str, known: str) -> bool:
    """Whether a 文号 found in running text (its 机关代字 may carry preceding words: 和周政办〔2024〕13号)
    is the normalised ``known`` one (周政办〔2024〕13号)."""
    a, b = _NORMALISED.match(found), _NORMALISED.match(known)
    if not a or not b:
        return False
    return a.group(2, 3) == b.group(2, 3) and a.group(1).endswith(b.group(1))


@dataclass(frozen=True)
class PreparedQuery:
    """A query ready for the retrievers."""

    text: str  # what the dense retriever embeds (simplified; 文号 removed when other words remain)
    tokens: list[str]  # BM25 tokens of the query
    expansion: list[str] = field(default_factory=list)  # BM25 tokens of synonyms, scored at a lower weight
    doc_numbers: list[str] = field(default_factory=list)  # normalised 文号 found in the query
    only_doc_number: bool = False  # the query is nothing but 文号
    # query token -> the synonyms that stand for it, each as its token list (a clause holding every token of
    # one of them holds the query word: 小区 is there when 居住区 is); used by the word-coverage share
    alternatives: dict[str, list[list[str]]] = field(default_factory=dict)
    # per query word with thesaurus wordings (kb/data/expansions.tsv: 抽烟 -> 吸烟, 工钱 -> 工资): those not already
    # searched for; BM25 adds each group's best-scoring wording at a lower weight
    thesaurus: list[list[str]] = field(default_factory=list)


def thesaurus_table() -> dict[str, tuple[str, ...]]:
    """The expansion table the settings choose (KB_THESAURUS, see ``kb.config.thesaurus_file``); empty by default."""
    path = thesaurus_file()
    return expansions(path) if path else {}


def prepare(query: str, tokenizer: PolicyTokenizer) -> PreparedQuery:
    """Tokens, synonym expansion and 文号 of an already simplified query."""
    query = query.strip()
    numbers = find_doc_numbers(query)
    rest = fold_width(query)
    for _, start, end in reversed(numbers):
        rest = rest[:start] + " " + rest[end:]
    rest = rest.strip()
    text = rest if rest and numbers else query
    tokens = tokenizer.tokens(_QUESTION_FRAMES.sub(" ", text)) or tokenizer.tokens(text)
    seen = set(tokens)
    expansion = []
    for term in expand_synonyms(text):
        for tok in tokenizer.tokens(term):
            if tok not in seen:
                expansion.append(tok)
                seen.add(tok)
    table = thesaurus_table()
    thesaurus = []
    for tok in dict.fromkeys(tokens):
        wordings = [t for t in table.get(tok, ()) if t not in seen]
        if wordings:
            thesaurus.append(wordings)
    alternatives: dict[str, list[list[str]]] = {}
    for wording, others in synonym_groups(text):
        alts = [t for t in (tokenizer.tokens(o) for o in others) if t]
        for tok in tokenizer.tokens(wording):
            alternatives.setdefault(tok, []).extend(a for a in alts if a not in alternatives.get(tok, []))
    return PreparedQuery(
        text=text,
        tokens=tokens,
        expansion=expansion,
        doc_numbers=[n for n, _, _ in numbers],
        only_doc_number=bool(numbers) and not rest,
        alternatives=alternatives,
        thesaurus=thesaurus,
    )
