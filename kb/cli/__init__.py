"""The `kb` command: a thin argparse front over kb's functions. Each command is a module with register()."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from kb.config import DEFAULT_INDEX
from kb.errors import KBError

# One module per command under kb/cli/; each has register(subparsers) setting func=run(args) -> int.
COMMANDS = ["ingest", "docs", "export", "serve", "search", "ask", "matrix", "records", "compare", "rm", "edit", "replace", "reparse"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb", description="政策知识库 Policy KB: clause-level search over policy documents")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"kb.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"kb.cli.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def add_index_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", default=str(DEFAULT_INDEX), metavar="DIR",
                        help=f"index folder (default: {DEFAULT_INDEX})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KBError as e:
        from kb.messages import FALLBACK, explain

        said = explain(str(e))
        print(f"错误：{said}" + (f"（{e}）" if said == FALLBACK else ""), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
