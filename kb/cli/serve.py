"""kb serve: start the Gradio app (ui.py at the repository root) on the given index."""

from __future__ import annotations

import argparse
import importlib.util
import os
from pathlib import Path

from kb.cli import add_index_option
from kb.errors import ConfigError

UI_FILE = Path(__file__).resolve().parents[2] / "ui.py"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the web app (default http://127.0.0.1:7860)")
    add_index_option(p)
    p.add_argument("--host", default=os.environ.get("KB_HOST", "127.0.0.1"),
                   help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=int(os.environ.get("KB_PORT", "7860")))
    p.add_argument("--auth", default=os.environ.get("KB_AUTH"), metavar="USER:PASSWORD",
                   help="require a login (or set KB_AUTH)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not UI_FILE.exists():
        raise ConfigError(f"the app file {UI_FILE} is missing: reinstall Policy KB from its repository")
    spec = importlib.util.spec_from_file_location("policy_kb_ui", UI_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.serve(index_dir=Path(args.index), host=args.host, port=args.port, auth=args.auth)
    return 0
