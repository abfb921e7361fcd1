"""Pydantic records passed between the stages of Policy KB.

This module is the contract between stages: readers produce a ``RawDocument``,
the ingest stages produce a ``Document`` with its ``Clause`` list, the extractors
produce ``Indicator`` / ``Responsibility`` / ``Deadline`` records, search produces
``Hit`` and ``Answer``, comparison produces ``Comparison``.

Imports: pydantic and the standard library only.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Level = Literal["national", "province", "city", "county"]
Role = Literal["lead", "co", "duty"]  # duty: a statutory duty statement of a 条例 (县级以上人民政府民政部门负责…)
Comparator = Literal[">=", "<=", ">", "<", "="]
DeadlineKind = Literal["absolute", "period", "relative", "recurring", "target"]
ClauseKind = Literal["text", "table"]
Relation = Literal["same", "stricter", "looser", "refined", "silent", "new", "differs"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- ingest


class PageInfo(_Model):
    """Where one page of a paged source (PDF, image) landed in ``RawDocument.text``."""

    number: int  # 1-based page number
    start: int  # char offset of the page's text in RawDocument.text
    end: int
    ocr: bool = False  # text came from OCR rather than the text layer
    confidence: float | None = None  # mean OCR confidence of the kept lines


class DocHints(_Model):
    """Metadata a reader found outside the body text (gov.cn metadata table, docx core props)."""

    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None  # ISO date
    published: str | None = None  # ISO publication date
    index_number: str | None = None  # gov.cn 索引号 ("000014349/2005-00154")


class RawDocument(_Model):
    """What a reader returns: the body as plain text (tables as one-cell-per-line blocks).

    Ruled tables found by a reader (pdfplumber, python-docx) are written into ``text``
    between the sentinel lines ``TABLE_START`` (with the column count) and ``TABLE_END``,
    one cell per line, so that one table parser handles them and flattened web tables alike.
    """

    source: str  # file name as ingested
    format: Literal["txt", "md", "pdf", "docx", "html", "image"]
    text: str
    hints: DocHints = DocHints()
    pages: list[PageInfo] = []
    warnings: list[str] = []


TABLE_START = "[[TABLE {cols}]]"  # format with cols=<number of columns>
TABLE_END = "[[/TABLE]]"


class TableBlock(_Model):
    """A table found in the text by ``kb.ingest.tables``, already rewritten row-wise into the text.

    ``row_spans[i]`` are the offsets of row i's rendered line in the rewritten text;
    ``start``/``end`` cover the title line (if any) and every row line.
    """

    title: str = ""
    header: list[str]
    rows: list[list[str]]
    start: int
    end: int
    row_spans: list[tuple[int, int]]


class Metadata(_Model):
    """Document metadata found by ``kb.ingest.meta``."""

    title: str = ""
    issuer: str = ""
    doc_number: str = ""
    date: str = ""
    region: str = ""
    province: str = ""
    level: Level | Literal[""] = ""
    doc_type: str = ""
    published: str = ""  # ISO 发布日期 / 公布 date when stated apart from ``date``
    effective: str = ""  # ISO 施行日期 when stated (a law's "2021年1月1日 施行" line or "自…起施行")
    index_number: str = ""  # gov.cn 索引号


class TableRow(_Model):
    """One row of a table clause: the table's title, its column names and this row's cells."""

    title: str = ""
    header: list[str]
    cells: list[str]


class Clause(_Model):
    """A numbered unit of a document: an item, an article, a paragraph, or a table row.

    Invariant: ``Document.text[start:end] == text``.
    """

    id: str  # f"{doc_id}:{seq:04d}", stable for the same content
    doc_id: str
    seq: int  # order in the document, 0-based
    number: str = ""  # its own label: "三、", "（一）", "6.", "第十二条", "一是", "" for a paragraph
    path: list[str] = []  # ancestors' headings (label + short heading), outermost first
    heading: str = ""  # the clause's own short heading when it has one ("设施建设")
    text: str  # cleaned, simplified text (the clause's own text, without its children)
    display_text: str = ""  # original characters (traditional kept) for display; "" = same as text
    start: int = 0
    end: int = 0
    kind: ClauseKind = "text"
    table: TableRow | None = None
    page: int | None = None
    ocr_confidence: float | None = None  # set when the clause's text came from OCR
    parent_id: str | None = None


class Document(_Model):
    id: str
    source: str
    title: str = ""
    issuer: str = ""
    doc_number: str = ""  # GB/T 9704 form: 周政办〔2024〕13号
    date: str = ""  # ISO; 成文日期, else publication date
    region: str = ""  # issuing area: 周口市
    province: str = ""  # 河南省 (itself for a province-level issuer)
    level: Level | Literal[""] = ""
    doc_type: str = ""  # 通知, 实施方案, 意见, 规划, 条例, 办法, 答复…
    published: str = ""  # ISO 发布日期 / 公布 date when stated apart from ``date``
    effective: str = ""  # ISO 施行日期 when stated; ``date`` is the version date (the latest 通过/修正/修订)
    index_number: str = ""  # gov.cn 索引号
    sha256: str = ""
    format: str = ""
    text: str = ""  # cleaned, simplified full text; clauses index into it
    coverage: float = 0.0  # share of body characters that landed in clauses
    ocr_pages: list[int] = []
    warnings: list[str] = []
    pipeline: str = ""  # version of the ingest/extract code that produced it: a new version re-processes the file


class DocumentMeta(_Model):
    """A document without its text: what lists, hits and citations carry."""

    id: str
    source: str
    title: str = ""
    issuer: str = ""
    doc_number: str = ""
    date: str = ""
    region: str = ""
    province: str = ""
    level: str = ""
    doc_type: str = ""
    coverage: float = 0.0
    clauses: int = 0


# --------------------------------------------------------------------------- extract


class Indicator(_Model):
    id: str = ""  # f"{clause_id}:i{n}"
    clause_id: str
    subject: str = ""
    value: float | None = None  # the number (lower bound of a range)
    value_max: float | None = None  # upper bound of a range (350家至400家 → 350, 400)
    ratio: str = ""  # a ratio kept as written-normalised ("1:500")
    unit: str = ""
    comparator: Comparator = "="
    basis: str = ""  # 每百户, 每千名老年人, 人均…
    year: int | None = None
    raw: str = ""
    start: int = 0  # offsets into the clause text
    end: int = 0
    replaced: bool = False  # an old figure the text replaces (由每百户不低于30平方米提高到50平方米: the 30)


class Responsibility(_Model):
    clause_id: str
    unit: str
    role: Role
    raw: str = ""
    start: int = 0
    end: int = 0
    inherited: bool = False  # came from a parent clause or a document-wide rule


class Deadline(_Model):
    clause_id: str
    raw: str
    kind: DeadlineKind
    date: str | None = None  # ISO: the last day the text allows
    start_date: str | None = None  # for periods
    event: str | None = None  # for relative deadlines
    days: int | None = None
    stage: str | None = None  # staged targets (到2020年…到2035年): the stage's year, "2020"
    start: int = 0
    end: int = 0


class Records(_Model):
    """Every record extracted from one clause."""

    indicators: list[Indicator] = []
    responsibilities: list[Responsibility] = []
    deadlines: list[Deadline] = []


# --------------------------------------------------------------------------- build


class FileResult(_Model):
    path: str
    status: Literal["ok", "unchanged", "failed", "skipped"]
    doc_id: str | None = None
    clauses: int = 0
    coverage: float | None = None
    reason: str = ""  # for failed/skipped: what went wrong and what to do
    seconds: float = 0.0
    ocr_pages: int = 0


class BuildReport(_Model):
    index_dir: str
    files: list[FileResult] = []
    documents: int = 0
    clauses: int = 0
    embedded: int = 0  # clauses newly embedded in this run
    seconds: float = 0.0

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]


# --------------------------------------------------------------------------- search


class Filters(_Model):
    region: str | None = None
    province: str | None = None
    level: str | None = None
    doc_type: str | None = None
    doc_ids: list[str] = []
    date_from: str | None = None  # ISO, inclusive
    date_to: str | None = None


class HitRef(_Model):
    """A near-duplicate of a hit's clause in another place (kb.index.groups), shown as "also in"."""

    clause_id: str
    doc_id: str


class Hit(_Model):
    clause_id: str
    doc_id: str
    text: str
    score: float
    ranks: dict[str, int] = {}  # retriever name -> 1-based rank ("bm25", "dense", "docnum")
    clause: Clause | None = None
    document: DocumentMeta | None = None
    also: list[HitRef] = []  # near-identical clauses of lower rank (other documents' copies), best first


class Citation(_Model):
    title: str
    doc_number: str = ""
    date: str = ""
    path: str = ""  # 三（一）6
    text: str = ""  # the paste-able citation line


class Passage(_Model):
    """The sentence of a cited clause that answers the question (offsets into the clause text)."""

    clause_id: str
    start: int
    end: int


class AnswerItem(_Model):
    document: DocumentMeta
    clauses: list[Clause]
    indicators: list[Indicator] = []
    citations: list[Citation] = []
    score: float = 0.0
    why: str = ""  # "关键词第2 · 语义第1"
    direct: bool = True  # its clauses state what was asked (a figure, the named unit); False: related only
    passages: list[Passage] = []  # per cited clause, the answering sentence
    share: float = 0.0  # the share of the question's words the best answering sentence holds


class SummaryRow(_Model):
    """One line of an answer's summary table: 地区 | 文件 | 标准/数额 | 条款."""

    doc_id: str
    region: str = ""
    level: str = ""
    title: str = ""
    doc_number: str = ""
    clause_id: str
    path: str = ""
    indicators: list[Indicator] = []  # the figures of the answering sentence


class Answer(_Model):
    question: str
    items: list[AnswerItem] = []
    found: bool = True
    message: str = ""
    terms: list[str] = []  # the question's words (and synonyms) to mark in shown clauses
    summary: list[SummaryRow] = []  # the asked figures, one row per cited clause stating them


# --------------------------------------------------------------------------- compare


class IndicatorBrief(_Model):
    value: float | None
    unit: str = ""
    comparator: str = "="
    basis: str = ""
    subject: str = ""
    value_max: float | None = None
    year: int | None = None


class FigureDelta(_Model):
    """How a city's figure stands against its province's on the same unit and basis."""

    unit: str
    basis: str = ""
    value: float
    reference: float
    difference: float
    percent: float | None = None
    relation: Literal["same", "stricter", "looser"]


class ComparisonRow(_Model):
    doc_id: str
    title: str = ""
    doc_number: str = ""
    date: str = ""
    region: str = ""
    province: str = ""
    level: str = ""
    clause_id: str | None = None  # None: no matching clause (silent)
    path: str = ""
    text: str = ""
    score: float = 0.0
    indicators: list[IndicatorBrief] = []
    relation: str = ""  # same | stricter | looser | refined | silent | new | "" (reference row)
    label: str = ""  # 照搬/细化/加码/放宽/缺失/新增
    delta: FigureDelta | None = None
    reference_doc: str | None = None  # the province document the relation is against


class Comparison(_Model):
    topic: str
    rows: list[ComparisonRow] = []


class AlignedPair(_Model):
    a_clause_id: str | None
    b_clause_ids: list[str] = []
    a_text: str = ""
    b_text: str = ""
    a_path: str = ""
    b_path: str = ""
    score: float = 0.0
    relation: str = ""
    label: str = ""
    diff: list[tuple[str, str]] = []  # (op, text) with op in {"=", "-", "+"}


class Alignment(_Model):
    doc_a: str
    doc_b: str
    pairs: list[AlignedPair] = []


# --------------------------------------------------------------------------- responsibility matrix


class MatrixTask(_Model):
    """One row of a responsibility matrix: a clause that assigns units, with its role per unit."""

    clause_id: str
    doc_id: str
    number: str = ""  # "6."
    path: str = ""  # "三、重点任务 › （一）设施建设"
    text: str = ""  # short text of the task (the assignment bracket removed)
    deadlines: list[str] = []  # "5月底前 → 2024-05-31"
    figures: list[str] = []  # "每百户 ≥30平方米"
    roles: dict[str, Role] = {}  # unit -> lead | co


class UnitDuty(_Model):
    """One line of the per-unit sheet: a task of that unit with its role and deadlines."""

    unit: str
    clause_id: str
    number: str = ""
    path: str = ""
    text: str = ""
    role: Role
    inherited: bool = False
    deadlines: list[str] = []


class ResponsibilityMatrix(_Model):
    """Tasks × units with 牵头/配合 cells (sheet 1) and the same duties listed unit by unit (sheet 2)."""

    doc_ids: list[str] = []
    titles: list[str] = []
    doc_numbers: list[str] = []
    units: list[str] = []  # column order: most tasks first, then first appearance
    tasks: list[MatrixTask] = []
    duties: list[UnitDuty] = []
