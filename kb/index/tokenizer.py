"""Word tokens for BM25: an own ``jieba.Tokenizer`` with a policy-domain user dictionary.

Both sides (clauses at build time, queries at search time) go through the same ``PolicyTokenizer``:
full/half-width folding, lower case, jieba search-mode words, Chinese numerals also given as digits
(``九十日`` → ``90``) so that ``20平方米`` finds ``二十平方米``. The text is expected to be simplified
already (clauses are; ``kb.search`` simplifies queries).
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterable

# Terms jieba would otherwise split, so a query for one of them does not match every clause with its parts.
USER_WORDS: tuple[str, ...] = (
    "养老服务", "养老服务设施", "养老服务体系", "养老服务中心", "养老服务站", "养老服务综合体", "养老机构",
    "护理型床位", "家庭养老床位", "养老床位", "社会养老床位", "适老化改造", "适老化", "责任单位", "牵头单位",
    "居家养老", "社区养老", "机构养老", "居家社区养老", "医养结合", "康养结合", "医养康养", "老年助餐",
    "助餐", "助餐点", "老年食堂", "长者食堂", "配餐", "送餐", "助浴", "助洁", "助行", "助医", "长期护理保险",
    "长护险", "特困人员", "特困供养", "失能老年人", "半失能", "失能", "失智", "认知障碍", "老年痴呆",
    "高龄津贴", "养老服务补贴", "护理补贴", "居住区", "住宅小区", "新建住宅小区", "老旧小区", "配建",
    "配套建设", "同步规划", "同步建设", "同步验收", "同步交付", "联席会议", "等级评定", "星级评定",
    "民政部门", "民政局", "民政厅", "卫生健康委", "卫生健康部门", "发展改革委", "发展改革部门",
    "财政局", "财政厅", "财政部门", "自然资源和规划局", "住房城乡建设局", "人力资源社会保障局", "医保局",
    "市场监管局", "应急管理局", "消防救援支队", "老龄办", "老龄工作委员会", "街道办事处", "乡镇人民政府",
    "村委会", "居委会", "城乡社区", "一刻钟", "十四五", "十三五", "智慧养老", "养老顾问", "时间银行",
    "喘息服务", "安宁疗护", "农村幸福院", "敬老院", "乡镇敬老院", "公办养老机构", "民办养老机构",
    "普惠养老", "社会力量", "公建民营", "以旧换新", "消费券", "购新补贴", "家电", "就业创业",
)

# Function words and policy boilerplate that match almost every clause.
STOP_WORDS = frozenset(
    "的 了 和 与 及 或 等 在 对 为 以 是 有 由 将 把 被 于 按 按照 其 中 之 各 个 并 并且 要 应 应当 可 可以 "
    "能 会 也 又 而 则 即 从 向 到 上 下 内 外 我 我们 你 他 她 它 这 那 这个 哪些 什么 怎么 怎样 如何 吗 呢 "
    "吧 啊 谁 多少 几 哪 哪里 有没有 是否 关于 进一步 有关 相关 工作 方面 情况 一些 之间 通过 进行".split()
)

_PUNCT = re.compile(r"^[\W_]+$")
_DIGITS = re.compile(r"\d")
_CN_NUM = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")


def fold_width(text: str) -> str:
    """Full-width ASCII and the ideographic space → half width; lower case. Chinese characters are kept."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E or code == 0x3000:
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return "".join(out).lower()


def numerals_to_digits(text: str) -> str:
    """Chinese numerals in running text as digits (``九十日`` → ``90日``); text unchanged when cn2an fails."""
    if not _CN_NUM.search(text):
        return text
    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return cn2an.transform(text, "cn2an")
        except (ValueError, KeyError, IndexError):
            return text


_JIEBA: dict[str, object] = {}  # signature -> initialised jieba.Tokenizer (read-only once built)
_JIEBA_LOCK = threading.Lock()


class PolicyTokenizer:
    """jieba with the policy user dictionary, own instance (never the global one), safe between threads."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self.words = tuple(dict.fromkeys((*USER_WORDS, *extra_words)))
        self._jieba = None

    @property
    def signature(self) -> str:
        """Hash of the dictionary and rules: stored in the manifest so a changed tokenizer forces a rebuild."""
        payload = "v2|" + "|".join(self.words) + "|" + " ".join(sorted(STOP_WORDS))
        return hashlib.sha1(payload.encode()).hexdigest()[:12]

    def _tokenizer(self):  # noqa: ANN202 - jieba.Tokenizer, imported lazily
        """Our own jieba instance with the user words; built once per process per dictionary (~1 s)."""
        if self._jieba is None:
            with _JIEBA_LOCK:
                key = self.signature
                if key not in _JIEBA:
                    import logging

                    import jieba

                    jieba.setLogLevel(logging.WARNING)
                    tok = jieba.Tokenizer()
                    tok.initialize()
                    for word in self.words:
                        tok.add_word(word, freq=200000)
                    _JIEBA[key] = tok
                self._jieba = _JIEBA[key]
        return self._jieba

    def words_of(self, text: str) -> list[str]:
        """Search-mode jieba words of ``text`` after width folding, without punctuation and stop words."""
        text = fold_width(text)
        out = []
        for word in self._tokenizer().cut_for_search(text):
            word = word.strip()
            if word and not _PUNCT.match(word) and word not in STOP_WORDS:
                out.append(word)
        return out

    def tokens(self, text: str) -> list[str]:
        """Words of ``text`` plus the digit forms of its Chinese numerals (only tokens that carry a digit)."""
        words = self.words_of(text)
        converted = numerals_to_digits(fold_width(text))
        if converted != fold_width(text):
            seen = set(words)
            for word in self.words_of(converted):
                if word not in seen and _DIGITS.search(word) and len(word) >= 2:
                    words.append(word)
                    seen.add(word)
        return words
