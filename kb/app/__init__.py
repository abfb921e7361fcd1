"""政策知识库 Policy KB: the Gradio web app staff use every day (``kb serve``).

Tabs: 问答 (answers with citations), 条款对比 (province vs cities, document vs document),
责任矩阵 (tasks x units), 指标库 (every figure), 文档库 (documents, upload, clause tree).

The app only calls kb's functions (search, compare, export, pipeline, store) and renders their results;
every document text is escaped before it becomes HTML. Nothing heavy happens at import: ``build_app``
builds the Blocks, the knowledge base is opened on first use (``serve`` warms it in the background) and
shared by every user.

Modules, one job each: ``assets`` (title, CSS, scripts), ``checks`` (input checks, user-facing errors),
``backend`` (the shared knowledge base), ``render`` (HTML), ``downloads`` (XLSX / CSV), ``uploads``
(staging and ingesting uploads), ``aside`` (builds in a low-priority child process), ``original`` (a clause's original page or text), ``handlers`` (what each
button does), ``layout`` (the page), ``server``
(``serve``).
"""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no calls home (read when gradio loads)
# Gradio's queue rebuilds a pandas summary of its last 10,000 events after EVERY event by default: under 50 users
# that was ~9% of the server's CPU and grew with uptime. Summarise every 1,000 events over the last 1,000 instead.
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")
os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1000")
