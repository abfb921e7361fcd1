"""User input and user-facing errors: dropdown and date checks, login parsing, short Chinese messages."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import Any

import gradio as gr

from kb.errors import ConfigError, KBError

log = logging.getLogger("policy_kb.ui")

ALL = "全部"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ABS_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][^\s\\/:'\"，。；]+){2,}")


def scrub(message: str) -> str:
    """A message fit for users: absolute paths reduced to their last part, tracebacks cut."""
    message = message.split("Traceback (most recent call last)")[0]
    return _ABS_PATH.sub(lambda m: re.split(r"[\\/]", m.group(0))[-1], message).strip()


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """'user:password' -> (user, password); None or '' -> None."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ConfigError("--auth / KB_AUTH must look like USER:PASSWORD (both non-empty)")
    return user, password


def check_date(value: str | None, label: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not _DATE.match(value):
        raise gr.Error(f"{label}请按 2024-01-31 的格式填写")
    return value


def pick(value: str | None) -> str | None:
    """A dropdown value, with 全部 / empty meaning no filter."""
    return None if not value or value == ALL else value


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn any failure into a short Chinese message (no traceback, no server path) for the user."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except KBError as e:
            log.warning("%s: %s", fn.__name__, e)
            raise gr.Error(f"操作未完成：{scrub(str(e))}") from None
        except Exception:
            log.exception("%s failed", fn.__name__)
            raise gr.Error("出错了，请稍后重试；如果一直出错，请联系管理员查看服务日志。") from None

    return wrapper
