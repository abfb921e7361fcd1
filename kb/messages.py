"""Library messages -> the Chinese sentence a person reads (kb/data/messages_zh.json): what is wrong, what to do.

The library raises English messages written for developers and logs (kb.errors); the app and the CLI's human
output pass them through ``explain`` so that no English or Python exception name reaches a person.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

FALLBACK = "操作没有完成：请检查输入后重试；如果一直出错，请联系管理员查看服务日志。"
_NAME = re.compile(r"^\s*([^:：\s][^:：]{0,200}?\.(?:pdf|docx?|txt|md|html?|png|jpe?g|xlsx|csv))\s*[:：]", re.IGNORECASE)


@lru_cache(maxsize=1)
def _table() -> list[tuple[re.Pattern[str], str]]:
    data = json.loads((Path(__file__).parent / "data" / "messages_zh.json").read_text(encoding="utf-8"))
    return [(re.compile(p, re.IGNORECASE), text) for p, text in data["messages"]]


def explain(message: str) -> str:
    """The Chinese sentence for a library message; a message already in Chinese is kept as it is."""
    message = (message or "").strip()
    if message and not re.search(r"[A-Za-z]{3,}", message):
        return message
    m = _NAME.match(message)
    name = m.group(1).strip() if m else "文件"
    for pattern, text in _table():
        if pattern.search(message):
            return text.replace("“{name}”", f"“{name}”" if m else "该文件").replace("{name}", name)
    return FALLBACK


_STEP = re.compile(r"(?P<what>embedd|index|read|pars|ocr|segment|extract)\w*[^\d]*(?P<done>\d+)\s*/\s*(?P<total>\d+)|(?P<pct>\d+(?:\.\d+)?)%",
                   re.IGNORECASE)
_STEPS = {"embedd": "计算语义向量", "index": "建立索引", "read": "读取文件", "pars": "解析文件", "ocr": "文字识别",
          "segment": "切分条款", "extract": "抽取指标"}


def progress_line(message: str) -> str:
    """A pipeline progress message ("embedded 64/266 new texts", "indexing 282 context windows - 51.0%") in
    Chinese; anything else becomes a plain 正在处理…."""
    m = _STEP.search(message)
    if m and m.group("what"):
        return f"{_STEPS[m.group('what').lower()]}：{m.group('done')}/{m.group('total')}"
    if m and m.group("pct"):
        return f"正在建立索引：{float(m.group('pct')):.0f}%"
    text = message.strip()
    return text[:80] if not re.search(r"[A-Za-z]{3,}", text) else "正在处理…"
