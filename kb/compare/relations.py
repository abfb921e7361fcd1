"""How one clause stands against another: figure deltas, relation labels, character diffs, global assignment.

Pure functions over ``kb.models`` records and plain lists (numpy/scipy for the assignment only):

- ``figure_delta``: a city figure against its province's on the same unit and basis → same / stricter / looser,
  where "stricter" depends on the comparator (a floor 不低于 raised is stricter, a cap 不超过 raised is looser);
- ``relate``: the relation of a clause to its reference clause (照搬 细化 加码 放宽 …);
- ``char_diff``: a character-level diff of two texts;
- ``assign``: one-to-many global assignment of B clauses to A clauses on a similarity matrix.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Literal

from kb.extract.numbers import norm_basis as spelled_basis
from kb.models import FigureDelta, Indicator, IndicatorBrief

LABELS: dict[str, str] = {
    "same": "照搬",
    "refined": "细化",
    "stricter": "加码",
    "looser": "放宽",
    "silent": "缺失",
    "new": "新增",
    "differs": "不同",
}
FLOORS = frozenset({">=", ">"})
CAPS = frozenset({"<=", "<"})

_UNIT_ALIASES = {"㎡": "平方米", "平米": "平方米", "m²": "平方米", "m2": "平方米", "％": "%", "个百分点": "%"}
_BASIS_ALIASES = {
    "每千名老人": "每千名老年人",
    "每千老年人": "每千名老年人",
    "每万名老年人": "每万老年人口",
    "每万老年人": "每万老年人口",
    "每万名老年人口": "每万老年人口",
}
_NUMBERISH = re.compile(r"\d+(?:\.\d+)?")
_SPACES = re.compile(r"\s+")


def norm_unit(unit: str) -> str:
    """Units that mean the same written one way (㎡ → 平方米, ％ → %)."""
    unit = unit.strip()
    return _UNIT_ALIASES.get(unit, unit)


def norm_basis(basis: str) -> str:
    """Bases that mean the same written one way: the extractor's spelling (每一百户 → 每百户), then synonyms
    (每千名老人 → 每千名老年人)."""
    basis = spelled_basis(basis.strip())
    return _BASIS_ALIASES.get(basis, basis)


def brief(ind: Indicator) -> IndicatorBrief:
    """The part of an indicator a comparison row shows."""
    return IndicatorBrief(
        value=ind.value,
        unit=norm_unit(ind.unit),
        comparator=ind.comparator,
        basis=norm_basis(ind.basis),
        subject=ind.subject,
        value_max=ind.value_max,
        year=ind.year,
    )


RATE_UNITS = frozenset({"%", "‰"})


def is_standard(fig: IndicatorBrief) -> bool:
    """A figure that states a standard or a rate (per-something, a share, a floor or a cap), not a plain amount.

    Two amounts such as 3.57亿元 and 8.4亿元 say how much was spent on different things: not comparable.
    """
    return bool(fig.basis) or norm_unit(fig.unit) in RATE_UNITS or fig.comparator != "="


def comparable(a: IndicatorBrief, b: IndicatorBrief) -> bool:
    """Two figures measure the same thing the same way: same unit and basis, both values, both standards."""
    return (
        a.value is not None
        and b.value is not None
        and bool(a.unit)
        and norm_unit(a.unit) == norm_unit(b.unit)
        and norm_basis(a.basis) == norm_basis(b.basis)
        and (is_standard(a) or is_standard(b))
    )


def _sense(comparator: str, reference_comparator: str) -> Literal["floor", "cap"]:
    """Whether a higher value is stricter (a floor) or looser (a cap); a plain "=" target counts as a floor."""
    for comp in (comparator, reference_comparator):
        if comp in CAPS:
            return "cap"
        if comp in FLOORS:
            return "floor"
    return "floor"


def _point(fig: IndicatorBrief, sense: str) -> float:
    """The number a figure commits to: the upper bound of a range for a cap, the lower bound otherwise."""
    if sense == "cap" and fig.value_max is not None:
        return float(fig.value_max)
    return float(fig.value)  # type: ignore[arg-type]


def figure_delta(figure: IndicatorBrief, reference: IndicatorBrief) -> FigureDelta | None:
    """``figure`` (a city's) against ``reference`` (its province's), or None when they are not comparable.

    >>> city = IndicatorBrief(value=50, unit="平方米", comparator=">=", basis="每百户")
    >>> prov = IndicatorBrief(value=30, unit="平方米", comparator=">=", basis="每百户")
    >>> d = figure_delta(city, prov); (d.relation, d.difference, d.percent)
    ('stricter', 20.0, 66.7)
    """
    if not comparable(figure, reference):
        return None
    sense = _sense(figure.comparator, reference.comparator)
    value, ref = _point(figure, sense), _point(reference, sense)
    diff = round(value - ref, 6)
    percent = round(diff / ref * 100, 1) if ref else None
    if abs(diff) < 1e-9:
        relation: Literal["same", "stricter", "looser"] = "same"
    elif (diff > 0) == (sense == "floor"):
        relation = "stricter"
    else:
        relation = "looser"
    return FigureDelta(
        unit=norm_unit(figure.unit),
        basis=norm_basis(figure.basis),
        value=value,
        reference=ref,
        difference=diff,
        percent=percent,
        relation=relation,
    )


def _normalised(text: str) -> str:
    return _NUMBERISH.sub("#", _SPACES.sub("", text))


def text_similarity(a: str, b: str) -> float:
    """Character similarity of two clause texts (difflib ratio, digits folded so figures do not count)."""
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, _normalised(a), _normalised(b), autojunk=False).ratio()


def relate(
    figures: Sequence[IndicatorBrief],
    reference_figures: Sequence[IndicatorBrief],
    text: str,
    reference_text: str,
) -> tuple[str, FigureDelta | None]:
    """The relation of a clause to its reference clause, with the figure delta that decided it.

    ``figures`` are the clause's topic figures, most relevant first. Order of the rules:
    1. a comparable figure on both sides decides: same / stricter (加码) / looser (放宽);
    2. figures only on this side → refined (细化: it adds figures);
    3. otherwise by text: nearly the same text → same (照搬); much longer → refined; else differs.
    """
    for fig in figures:
        for ref in reference_figures:
            delta = figure_delta(fig, ref)
            if delta is not None:
                return delta.relation, delta
    if figures and not reference_figures:
        return "refined", None
    similarity = text_similarity(text, reference_text)
    if similarity >= 0.75:
        return "same", None
    if not reference_figures and len(text) >= 1.3 * len(reference_text) and similarity >= 0.2:
        return "refined", None
    return "differs", None


def label(relation: str) -> str:
    """The Chinese label staff read: 照搬 细化 加码 放宽 缺失 新增 (不同 when nothing else fits)."""
    return LABELS.get(relation, "")


def char_diff(a: str, b: str) -> list[tuple[str, str]]:
    """A character diff of ``a`` (reference) to ``b``: ("=", kept), ("-", only in a), ("+", only in b)."""
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("=", a[i1:i2]))
            continue
        if i2 > i1:
            out.append(("-", a[i1:i2]))
        if j2 > j1:
            out.append(("+", b[j1:j2]))
    return out


def assign(
    similarity: Sequence[Sequence[float]],
    threshold: float,
    extra_threshold: float | None = None,
) -> tuple[dict[int, list[int]], list[int]]:
    """Match B clauses (columns) to A clauses (rows): one-to-one optimal assignment, then one-to-many.

    First ``scipy.optimize.linear_sum_assignment`` finds the pairing that maximises total similarity
    (not greedy first-come); pairs below ``threshold`` are dropped. Then every B clause still free goes to
    its most similar A clause if that reaches ``extra_threshold`` (default: ``threshold``): a city plan
    often splits one provincial clause into several. Each B clause is matched to at most one A clause.

    Returns ``({a_index: [b_index, …]}, unmatched_b_indices)``, B indices in ascending order.
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    matrix = np.asarray(similarity, dtype=float)
    if matrix.ndim != 2 or matrix.size == 0:
        cols = matrix.shape[1] if matrix.ndim == 2 else 0
        return {}, list(range(cols))
    extra = threshold if extra_threshold is None else extra_threshold
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    pairs: dict[int, list[int]] = {}
    taken: set[int] = set()
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        if matrix[r, c] >= threshold:
            pairs.setdefault(r, []).append(c)
            taken.add(c)
    for c in range(matrix.shape[1]):
        if c in taken:
            continue
        r = int(np.argmax(matrix[:, c]))
        if matrix[r, c] >= extra:
            pairs.setdefault(r, []).append(c)
            taken.add(c)
    for r in pairs:
        pairs[r].sort()
    unmatched = [c for c in range(matrix.shape[1]) if c not in taken]
    return dict(sorted(pairs.items())), unmatched
