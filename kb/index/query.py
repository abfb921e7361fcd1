"""Query preparation for BM25: tokens, curated policy synonyms, 文号 found in the query.

The query is expected simplified already (``kb.search`` applies OpenCC); width folding and
Chinese numerals are handled by ``PolicyTokenizer``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.index.tokenizer import PolicyTokenizer, fold_width

# Groups of interchangeable policy wordings: a query with one of them also looks for the others
# (BM25 at a lower weight, and the word coverage). Curated by hand from the corpus, kept small on purpose.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("小区", "居住区", "住宅小区", "住宅区"),
    ("配建", "配套建设", "同步建设"),
    ("老年痴呆", "认知障碍", "失智"),
    ("就餐", "用餐", "助餐"),
    ("老年食堂", "长者食堂", "长者饭堂"),
    ("养老护理员", "护理员", "护理人员"),
    ("补贴", "补助", "津贴", "资助"),
    ("失能", "不能自理"),
    ("五保", "特困人员", "特困供养"),
    ("无障碍", "适老化改造", "适老化"),
    ("长护险", "长期护理保险"),
    ("换新", "以旧换新"),
    ("处罚", "罚款", "法律责任"),
    ("高龄", "八十周岁以上"),
    ("子女", "儿女", "赡养人", "赡养义务"),
    ("临终", "安宁疗护", "临终关怀"),
)
# Everyday words staff and residents use -> the wordings of the documents, one way only: a question with the
# document's own word (补贴, 养老机构) must not also look for the everyday one's other meanings (资金, 敬老院).
COLLOQUIAL: dict[str, tuple[str, ...]] = {
    "吃饭": ("就餐", "用餐", "助餐", "老年食堂", "长者食堂", "配餐", "送餐"),
    "养老院": ("养老机构", "敬老院"),
    "护工": ("养老护理员", "护理员", "护理人员"),
    "瘫痪": ("卧床", "不能自理", "失能"),
    "卧床": ("不能自理", "失能"),
    "孤寡": ("五保", "特困人员", "特困供养"),
    "看病": ("就医", "医疗服务"),
    "找工作": ("就业", "失业"),
    "钱": ("资金", "经费", "补贴", "补助"),
    "谁负责": ("责任单位", "牵头单位"),
    "老人": ("老年人",),
    "岁数大": ("高龄老年人", "高龄"),
    "年纪大": ("高龄老年人", "高龄"),
    "一个人住": ("独居", "空巢"),
    "着火": ("火灾", "消防安全"),
    "上班": ("入职", "从业"),
    "打工": ("外出务工", "留守"),
}

# Question frames of everyday questions (有没有, 能不能, 怎么办…): no clause says them, so for BM25 and the word
# coverage they are noise that either matches chance clauses or, missing from the corpus, weighs like a rare word.
# Removed from the lexical side only; the embedder still reads the whole question.
_QUESTION_FRAMES = re.compile(
    r"有没有|能不能|可不可以|是不是|会不会|要不要|该不该|怎么办|怎么样|怎样|为什么|为啥|咋办|什么样|有什么|什么|哪些|多少|[吗呢吧](?=[\s?？。!！]*$)"
)

# 机关代字〔年份〕序号号, with the brackets people actually type ([], (), 【】, 〔〕, ［］).
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})\s*[〔\[（(【［]\s*(\d{4})\s*[〕\]）)】］]\s*(\d{1,4})\s*号")


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


def expand_synonyms(text: str) -> list[str]:
    """The synonyms of every curated wording found in ``text`` (the wording itself excluded)."""
    out: list[str] = []
    for _, others in synonym_groups(text):
        out.extend(t for t in others if t not in out)
    return out


def synonym_groups(text: str) -> list[tuple[str, list[str]]]:
    """(wording found in ``text``, its synonyms not in ``text``) for every curated group or everyday word it holds."""
    out = []
    for group in SYNONYMS:
        for term in group:
            if term in text:
                out.append((term, [t for t in group if t not in text]))
    for word, wordings in COLLOQUIAL.items():
        if word in text:
            out.append((word, [t for t in wordings if t not in text]))
    return out


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
    )
