"""kb serve: start the web app (kb.app) on the given index."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from kb.cli import add_index_option
from kb.config import serve_options_from_env


def register(sub: argparse._SubParsersAction) -> None:
    defaults = serve_options_from_env()
    p = sub.add_parser("serve", help="start the web app (default http://127.0.0.1:7860)")
    add_index_option(p)
    p.set_defaults(index=str(defaults.index))  # KB_INDEX, as `python ui.py` always honoured
    p.add_argument("--host", default=defaults.host, help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=defaults.port)
    p.add_argument("--auth", default=defaults.auth, metavar="USER:PASSWORD",
                   help="require a login (or set KB_AUTH); several with roles: editor=USER:PASSWORD,reader=USER:PASSWORD "
                        "(readers ask and export, editors also upload, edit and delete)")
    p.add_argument("--concurrency", type=int, default=defaults.concurrency,
                   help=f"requests of one kind handled at once (or KB_CONCURRENCY; default {defaults.concurrency})")
    p.add_argument("--answer-cache", type=int, default=defaults.answer_cache, metavar="N",
                   help="keep the last N answers per question, filters and index version (or KB_ANSWER_CACHE; "
                        "default 0: off)")
    p.add_argument("--workers", type=int, default=defaults.workers, metavar="N",
                   help="processes that compute answers, comparisons and matrices beside the server (or KB_WORKERS; "
                        f"default {defaults.workers}; 0: all in the server's process)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.app.server import serve  # gradio loads only when the app starts

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    serve(index_dir=Path(args.index), host=args.host, port=args.port, auth=args.auth, concurrency=args.concurrency,
          answer_cache=args.answer_cache, workers=args.workers)
    return 0
