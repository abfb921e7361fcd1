"""User input and user-facing errors: dropdown and date checks, login parsing, short Chinese messages."""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr

from kb.errors import ConfigError, KBError
from kb.messages import explain

log = logging.getLogger("policy_kb.ui")

ALL = "全部"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ABS_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][^\s\\/:'\"，。；]+){2,}")


def scrub(message: str) -> str:
    """A message fit for users: absolute paths reduced to their last part, tracebacks cut."""
    message = message.split("Traceback (most recent call last)")[0]
    return _ABS_PATH.sub(lambda m: re.split(r"[\\/]", m.group(0))[-1], message).strip()


def user_error(message: str, title: str = "提示") -> gr.Error:
    """A toast for the person at the page: Chinese title, no traceback in the server log (a wrong input is not a
    fault of the server)."""
    return gr.Error(message, title=title, print_exception=False)


ROLES = {"reader": "读者", "editor": "编辑"}  # readers ask and export; editors also upload, edit and delete


def parse_logins(auth: str | None) -> dict[str, tuple[str, str]]:
    """'editor=alice:pw1,reader=bob:pw2' -> {user: (password, role)}; a login without a role is an editor (one
    ``USER:PASSWORD`` keeps working as before). Several logins are separated by commas."""
    logins: dict[str, tuple[str, str]] = {}
    for part in (auth or "").split(","):
        role, sep, rest = part.strip().partition("=")
        if not sep or role not in ROLES:
            role, rest = "editor", part.strip()
        parsed = parse_auth(rest)
        if parsed:
            logins[parsed[0]] = (parsed[1], role)
    return logins


def role_of(logins: dict[str, tuple[str, str]], user: str | None) -> str:
    """The role of a logged-in user; without logins (a single-user desk install) everyone edits."""
    if not logins:
        return "editor"
    return logins.get(user or "", ("", "reader"))[1]


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """'user:password' -> (user, password); None or '' -> None."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ConfigError("--auth / KB_AUTH must look like USER:PASSWORD or editor=USER:PASSWORD,reader=USER:PASSWORD "
                          "(both non-empty)")
    return user, password


def check_date(value: str | None, label: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not _DATE.match(value):
        raise user_error(f"{label}请按 2024-01-31 的格式填写")
    return value


def resolve_doc(value: str, choices: list[tuple[str, str]]) -> str | None:
    """The doc id a document box holds: an id picked from the list, or typed text that names one document.

    Typed text matches a choice's label (title, region, 文号) exactly, else as the only label containing it;
    None when it names no document or more than one.
    """
    value = value.strip()
    if value in {doc_id for _, doc_id in choices}:
        return value
    exact = [doc_id for label, doc_id in choices if label == value]
    if len(exact) == 1:
        return exact[0]
    inside = {doc_id for label, doc_id in choices if value and value in label}
    return inside.pop() if len(inside) == 1 else None


def pick(value: str | None) -> str | None:
    """A dropdown value, with 全部 / empty meaning no filter."""
    return None if not value or value == ALL else value


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn any failure into a short Chinese message (no traceback, no server path) for the user."""

    if inspect.isgeneratorfunction(fn):  # a handler that yields progress (the upload queue)

        @functools.wraps(fn)
        def generator(*args: Any, **kwargs: Any) -> Any:
            with _friendly_errors(fn.__name__):
                yield from fn(*args, **kwargs)

        return generator

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _friendly_errors(fn.__name__):
            return fn(*args, **kwargs)

    return wrapper


@contextlib.contextmanager
def _friendly_errors(name: str) -> Iterator[None]:
    try:
        yield
    except gr.Error:
        raise
    except KBError as e:
        log.warning("%s: %s", name, e)
        raise user_error(explain(scrub(str(e))), title="操作未完成") from None
    except Exception:
        log.exception("%s failed", name)
        raise user_error("出错了，请稍后重试；如果一直出错，请联系管理员查看服务日志。", title="出错了") from None
