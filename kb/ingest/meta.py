"""Document metadata: title, issuer, 文号, date, region/province/level, doc_type, assembled from its parts.

Each field has its home: ``titles`` (title, doc_type), ``dates`` (dates and a law's history lines), ``docnumber``
(文号), ``issuers`` (issuer, region, province, level), over the header lines of ``header``.

Decisions (documented here because other stages rely on them):

* ``doc_number`` is written in GB/T 9704 form ``机关代字〔年份〕序号号``; brackets [] () 【】 ［］ ﹝﹞ become 〔〕.
  A 文号 whose brackets were lost in scraping (``浙民202165``) is repaired only when it stands alone on a
  line of the header and its year equals the document's own year. 文号 cited by the text
  (``《…意见》（国办发〔2020〕52号）``, 根据…) are never taken.
* ``date`` (ISO): the reader's 成文日期 hint; for 条例/法 the date of the version in force (the latest of the
  通过/批准/修正/修订 lines of the header); else the date standing alone on a line (the signature); else the
  publication date (hint, 发布时间/时间 field, or a timestamp line in the header).
* ``region`` is the issuing area with its suffix (周口市, 河南省, 北京市, 川汇区); ``province`` its
  province-level unit (北京市 for 北京). National documents get ``region="全国"``, ``province=""`` and
  ``level="national"``. Places come from the division table (``kb.places``); the search order is issuer, title,
  我市/我省-style phrases with the most-mentioned place, then the file name.
* ``doc_type`` is the type of the document's content: for a notice that issues another document
  (关于印发《X实施方案》的通知) it is X's type (实施方案); 通知 only when the notice is the content."""

from __future__ import annotations

import re

from kb.ingest.dates import find_date, find_effective, find_published, parse_date
from kb.ingest.docnumber import DECREE_NUMBER, decree_number, find_doc_number, normalize_doc_number
from kb.ingest.header import CHROME, text_lines
from kb.ingest.issuers import department_issuer, find_issuer, find_region
from kb.ingest.titles import doc_type_of, find_title
from kb.models import DocHints, Metadata
from kb.places import divisions


def extract_metadata(text: str, hints: DocHints, source: str) -> Metadata:
    """Metadata of one cleaned, simplified document.

    Args:
        text: the cleaned simplified text.
        hints: what the reader found outside the body (gov.cn metadata table, docx properties).
        source: the file name as ingested (last resort for the region).
    """
    title = (hints.title or "").strip() or find_title(text)
    date = find_date(text, hints)
    hint_number = "".join((hints.doc_number or "").split())
    doc_number = (
        normalize_doc_number(hint_number)
        or (hint_number if DECREE_NUMBER.match(hint_number) else "")  # 国令第707号
        or find_doc_number(text, date[:4])
        or decree_number(text)
    )
    issuer = find_issuer(text, hints, title)
    doc_type = doc_type_of(title) if title else ""
    if not title:
        body = [ln for ln in text_lines(text) if not CHROME.search(ln) and not parse_date(ln[:20])] or [""]
        first = re.split(r"[。！？]", body[0], maxsplit=1)[0].strip()
        title = first[:40]
        if re.match(r"^(?:19|20)\d{2}年", first):
            doc_type = "总结"  # an untitled account of a year's work
    if not doc_type and "报告工作" in text[:1000]:
        doc_type = "报告"  # 政府工作报告 whose title line was lost: "我代表省人民政府，向大会报告工作"
    region, province, level = find_region(text, issuer, title, source, doc_number)
    if not issuer and doc_type in ("答复", "总结", "公告") and region:
        issuer = department_issuer(text, divisions().full.get(region))
    return Metadata(
        title=title,
        issuer=issuer,
        doc_number=doc_number,
        date=date,
        region=region,
        province=province,
        level=level,  # type: ignore[arg-type]
        doc_type=doc_type,
        published=find_published(text, hints),
        effective=find_effective(text),
        index_number=(hints.index_number or "").strip(),
    )
