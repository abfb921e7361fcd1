"""Many users at once: N simulated staff drive the running app through its HTTP API for S seconds.

    python scripts/bench_load.py --url http://127.0.0.1:7860 --users 50 --seconds 60 [--auth USER:PASSWORD]

Each user loops: ask (70%), compare (15%) or matrix (15%), with a short think time, over Gradio's queue API
(POST /gradio_api/call/<api_name>, then the event stream). Each user keeps one session for all its calls, as a
staff member's browser tab does (``--session-per-call`` starts a new one for every call instead, as a bare API
client does: Gradio then builds a session state over the whole page for each request). A request counts as an error when the HTTP call
fails, times out, or the stream ends with an error event. The last line is JSON: requests, errors, p50/p95/max
seconds (overall and per kind), requests per second.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable

import httpx

QUESTIONS = ["新建小区配建标准", "护理员补贴多少", "老人吃饭难怎么解决", "护理型床位占比要达到多少",
             "哪些任务由市民政局牵头", "医养结合", "高龄津贴", "养老机构等级评定", "家庭照护床位", "公建民营合同期限"]
TOPICS = ["新建居住区养老服务设施配建标准", "养老护理员岗位补贴", "老年助餐服务"]
MIX = (("ask", 0.70), ("compare", 0.15), ("matrix", 0.15))


def _payload(kind: str, rng: random.Random, doc_ids: list[str]) -> list[object]:
    if kind == "ask":
        return [rng.choice(QUESTIONS), "全部", "全部", "全部", None, None]
    if kind == "compare":
        return [rng.choice(TOPICS), "全部", []]
    return [[rng.choice(doc_ids)] if doc_ids else [], "全部"]


def call(client: httpx.Client, api: str, data: list[object], timeout: float, session: str | None = None) -> None:
    """One queued call (in the given session, else a new one); raises on an HTTP failure or an error event."""
    body: dict[str, object] = {"data": data} | ({"session_hash": session} if session else {})
    r = client.post(f"/gradio_api/call/{api}", json=body, timeout=timeout)
    r.raise_for_status()
    event_id = r.json()["event_id"]
    with client.stream("GET", f"/gradio_api/call/{api}/{event_id}", timeout=timeout) as stream:
        event = ""
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
                if event == "error":
                    raise RuntimeError("error event")
                if event == "complete":
                    return
    raise RuntimeError(f"stream ended without completing (last event {event!r})")


def _login(client: httpx.Client, auth: str | None) -> None:
    if auth:
        user, _, password = auth.partition(":")
        client.post("/login", data={"username": user, "password": password.split(":")[0]}).raise_for_status()


def _doc_ids(url: str, auth: str | None) -> list[str]:
    """The documents with responsibility records (the matrix needs one), from the app's choices call."""
    with httpx.Client(base_url=url, timeout=60) as client:
        _login(client, auth)
        r = client.post("/gradio_api/call/choices", json={"data": []})
        r.raise_for_status()
        event_id = r.json()["event_id"]
        text = client.get(f"/gradio_api/call/choices/{event_id}").text
    for line in text.splitlines():
        if line.startswith("data:") and line[5:].strip().startswith("["):
            outputs = json.loads(line[5:])
            matrix_docs = outputs[6]  # the matrix dropdown's update: choices and the default value
            value = matrix_docs.get("value") if isinstance(matrix_docs, dict) else None
            if value:
                return list(value)
            return [c[1] for c in (matrix_docs.get("choices") or [])][:3]
    return []


def upload(url: str, auth: str | None, path: str, timeout: float) -> dict[str, object]:
    """Upload one file through the app (as an editor does in 文档库) and wait until it is indexed."""
    started = time.perf_counter()
    with httpx.Client(base_url=url, timeout=timeout) as client:
        _login(client, auth)
        with open(path, "rb") as f:
            r = client.post("/gradio_api/upload", files={"files": (path.rsplit("/", 1)[-1], f)})
        r.raise_for_status()
        server_path = r.json()[0]
        data = [[{"path": server_path, "orig_name": path.rsplit("/", 1)[-1], "meta": {"_type": "gradio.FileData"}}]]
        call(client, "upload", data, timeout, uuid.uuid4().hex[:12])
    return {"file": path.rsplit("/", 1)[-1], "seconds": round(time.perf_counter() - started, 2)}


def run(url: str, users: int, seconds: float, auth: str | None, timeout: float, think: float,
        session_per_call: bool = False, upload_file: str | None = None) -> dict[str, object]:
    doc_ids = _doc_ids(url, auth)
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    times: dict[str, list[float]] = {k: [] for k, _ in MIX}
    spans: list[tuple[float, float]] = []  # (start, end) of every answered request, monotonic seconds
    errors: list[str] = []

    def user(n: int) -> None:
        rng = random.Random(n)
        session = None if session_per_call else uuid.uuid4().hex[:12]
        with httpx.Client(base_url=url, timeout=timeout) as client:
            try:
                _login(client, auth)
            except Exception as e:  # noqa: BLE001 - counted, reported
                with lock:
                    errors.append(f"login: {e}")
                return
            time.sleep(rng.random() * think)  # users do not all start in the same millisecond
            while time.monotonic() < deadline:
                kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
                started = time.perf_counter()
                begun = time.monotonic()
                try:
                    call(client, kind, _payload(kind, rng, doc_ids), timeout, session)
                    with lock:
                        times[kind].append(time.perf_counter() - started)
                        spans.append((begun, time.monotonic()))
                except Exception as e:  # noqa: BLE001 - counted, reported
                    with lock:
                        errors.append(f"{kind}: {type(e).__name__}: {e}"[:200])
                time.sleep(rng.random() * think)

    uploaded: dict[str, object] = {}
    window = [0.0, 0.0]  # when the upload was sent and when it was indexed

    def uploader() -> None:
        time.sleep(min(5.0, seconds / 4))  # the users are busy by then
        window[0] = time.monotonic()
        try:
            uploaded.update(upload(url, auth, upload_file or "", timeout))
        except Exception as e:  # noqa: BLE001 - reported
            uploaded["error"] = f"{type(e).__name__}: {e}"[:200]
        window[1] = time.monotonic()

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    if upload_file:
        threads.append(threading.Thread(target=uploader, daemon=True))
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + timeout + 30)
    wall = time.monotonic() - started
    every = [x for xs in times.values() for x in xs]

    def pct(xs: list[float], q: float) -> float | None:
        return round(statistics.quantiles(xs, n=100)[q - 1], 3) if len(xs) >= 2 else (round(xs[0], 3) if xs else None)

    return {
        "url": url, "users": users, "seconds": seconds, "sessions": "per call" if session_per_call else "per user", "wall_seconds": round(wall, 1),
        "requests": len(every), "errors": len(errors), "rps": round(len(every) / max(wall, 1e-9), 2),
        "p50": pct(every, 50), "p95": pct(every, 95), "max": round(max(every), 3) if every else None,
        "by_kind": {k: {"requests": len(v), "p50": pct(v, 50), "p95": pct(v, 95)} for k, v in times.items()},
        "first_errors": errors[:5],
        **({"upload": uploaded | _split(spans, window, pct)} if upload_file else {}),
    }


def _split(spans: list[tuple[float, float]], window: list[float], pct: Callable[[list[float], int], float | None]
           ) -> dict[str, object]:
    """p95 of the requests that overlapped the upload's indexing and of the others (where the time goes)."""
    during = [end - start for start, end in spans if start < window[1] and end > window[0]]
    outside = [end - start for start, end in spans if not (start < window[1] and end > window[0])]
    t0 = min((start for start, _ in spans), default=0.0)
    bins: dict[int, list[float]] = {}
    for start, end in spans:
        bins.setdefault(int((start - t0) // 5), []).append(end - start)
    return {"during": {"requests": len(during), "p95": pct(during, 95)},
            "outside": {"requests": len(outside), "p95": pct(outside, 95)},
            "window_s": [round(window[0] - t0, 1), round(window[1] - t0, 1)],
            "p95_per_5s": [pct(bins[b], 95) for b in sorted(bins)]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", default="http://127.0.0.1:7860")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--auth", default=None, metavar="USER:PASSWORD", help="log in first (an app started with --auth)")
    p.add_argument("--timeout", type=float, default=120, help="seconds before one request counts as failed")
    p.add_argument("--think", type=float, default=1.0, help="each user waits up to this many seconds between requests")
    p.add_argument("--session-per-call", action="store_true",
                   help="a new Gradio session for every call (a bare API client) instead of one per user (a browser tab)")
    p.add_argument("--upload", metavar="FILE", help="an editor uploads FILE a few seconds in (measures users "
                   "while it is indexed; log in as an editor with --auth)")
    args = p.parse_args(argv)
    result = run(args.url.rstrip("/"), args.users, args.seconds, args.auth, args.timeout, args.think,
                 args.session_per_call, args.upload)
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
