"""kb serve: start the web app (kb.app) on the given index."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from kb.cli import add_index_option


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the web app (default http://127.0.0.1:7860)")
    add_index_option(p)
    if os.environ.get("KB_INDEX"):  # `python ui.py` always honoured KB_INDEX
        p.set_defaults(index=os.environ["KB_INDEX"])
    p.add_argument("--host", default=os.environ.get("KB_HOST", "127.0.0.1"),
                   help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=int(os.environ.get("KB_PORT", "7860")))
    p.add_argument("--auth", default=os.environ.get("KB_AUTH"), metavar="USER:PASSWORD",
                   help="require a login (or set KB_AUTH)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kb.app.server import serve  # gradio loads only when the app starts

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    serve(index_dir=Path(args.index), host=args.host, port=args.port, auth=args.auth)
    return 0
