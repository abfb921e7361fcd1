"""Compare clauses side by side: a topic across documents, or one document against another.

``compare_topic(kb, topic)`` gives, for each document in scope, the clause that best addresses the topic (or an
explicit silent row when no clause passes the relevance threshold), ordered by the administrative hierarchy, each
city row related to its own province's figure (照搬 细化 加码 放宽 缺失 新增).
``align_documents(kb, doc_a, doc_b)`` aligns every clause of A with its counterpart(s) in B by a global assignment.

Modules, one job each: ``sources`` (what is read from the knowledge base), ``relevance`` (topic relevance and
topic figures), ``topic`` (topic rows in hierarchy order), ``alignment`` (document alignment), ``relations``
(figure deltas, relation labels, character diffs, the assignment), ``tables`` (text, rows and files).
"""

from kb.compare.alignment import ALIGN_THRESHOLD, align_clauses, align_documents, lexical_similarity_matrix
from kb.compare.relevance import TOPIC_THRESHOLD, TopicMatcher, idf_sample, topic_figures
from kb.compare.sources import CANDIDATES_PER_DOC, MIN_CANDIDATES, Source
from kb.compare.tables import (
    ALIGNMENT_HEADER,
    COMPARISON_HEADER,
    alignment_table,
    comparison_table,
    delta_text,
    diff_text,
    figure_text,
    write_table,
)
from kb.compare.topic import compare_topic

__all__ = [
    "ALIGNMENT_HEADER", "ALIGN_THRESHOLD", "CANDIDATES_PER_DOC", "COMPARISON_HEADER", "MIN_CANDIDATES", "Source",
    "TOPIC_THRESHOLD", "TopicMatcher", "align_clauses", "align_documents", "alignment_table", "compare_topic",
    "comparison_table", "delta_text", "diff_text", "figure_text", "idf_sample", "lexical_similarity_matrix",
    "topic_figures", "write_table",
]
