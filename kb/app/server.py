"""Start the app: ``serve`` builds the page over one index, warms the knowledge base and launches Gradio."""

from __future__ import annotations

import threading
from pathlib import Path

import gradio as gr

from kb.app.assets import CSS
from kb.app.backend import Backend
from kb.app.checks import parse_logins
from kb.app.layout import build_app


# Queue status ("you are 5th") is sent to waiting browsers every few seconds, not to every waiting one each time a
# request finishes (Gradio's "auto": with 50 users that is 50 messages per finished request).
STATUS_EVERY = 2.0


def serve(index_dir: Path, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None,
          concurrency: int = 16, answer_cache: int = 0, workers: int = 2) -> None:
    """Start the app (blocking): queue for concurrent users, optional login, uploads capped by size.

    ``concurrency``: requests of one kind (ask, compare, matrix…) run at once (library changes: one at a time);
    ``answer_cache``: answers kept per question, filters and index version (0: none);
    ``workers``: processes that compute asks, comparisons and matrices (kb.app.workers; 0: this process).
    """
    logins = parse_logins(auth)
    credentials = [(user, password) for user, (password, _) in logins.items()] or None
    backend = Backend(Path(index_dir), logins=logins, answer_cache=answer_cache, workers=workers)
    demo = build_app(Path(index_dir), backend)
    threading.Thread(target=backend.warm, name="kb-warm", daemon=True).start()
    demo.queue(default_concurrency_limit=concurrency, status_update_rate=STATUS_EVERY)
    try:
        _launch(demo, host, port, credentials, backend.settings.max_file_mb, concurrency)
    finally:
        backend.close()  # the worker processes


def _launch(demo: gr.Blocks, host: str, port: int, credentials: list[tuple[str, str]] | None, max_file_mb: int,
            concurrency: int) -> None:
    demo.launch(
        max_threads=max(40, 2 * concurrency + 8),  # every event kind may use its share at once
        server_name=host,
        server_port=port,
        auth=credentials,
        auth_message="政策知识库：请登录" if credentials else None,
        max_file_size=f"{max_file_mb}mb",
        show_error=False,
        footer_links=[],
        css=CSS,
        theme=gr.themes.Soft(),
        ssr_mode=False,
        mcp_server=False,
        # gradio's zh-CN table lacks the status tracker's "done" announcement (shown as "common.complete")
        i18n=gr.I18n(**{"zh-CN": {"common.complete": "完成"}, "zh": {"common.complete": "完成"}}),
    )
