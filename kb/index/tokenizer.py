"""Word tokens for BM25: an own ``jieba.Tokenizer`` with the policy-domain user dictionary of ``kb.vocabulary``.

Both sides (clauses at build time, queries at search time) go through the same ``PolicyTokenizer``:
full/half-width folding, lower case, jieba search-mode words, Chinese numerals also given as digits
(``九十日`` → ``90``) so that ``20平方米`` finds ``二十平方米``. The text is expected to be simplified
already (clauses are; ``kb.search`` simplifies queries).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import warnings
from collections.abc import Iterable

from kb.vocabulary import STOP_WORDS, USER_WORDS, jieba_tokenizer

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
        """Our own jieba instance with the user words (kb.vocabulary builds it once per process per dictionary)."""
        if self._jieba is None:
            self._jieba = jieba_tokenizer(self.words, 200000)
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
