"""Recall audit at archive scale: organ-headed subjects before a duty marker (or after 由) that no unit covers, by form.

  PYTHONPATH=CHECKOUT .venv/bin/python scripts/audit_archive_forms.py dump OUT.json SEED [N]
  .venv/bin/python scripts/audit_archive_forms.py forms OUT.json [TOP] [EXAMPLES]
dump runs CHECKOUT's extractor (ingest_file + extract_document) on N (400) files of ../shared/archive drawn with SEED
(local-regulations, national-laws without sifa-jieshi, govcn; every file whose stem occurs in a name under tests/ is
skipped: those are gold sources) and keeps each clause's text with its units' spans. forms finds candidate holders
structurally (a phrase ending in an organ head of kb/data/statutory_heads.json right before a duty marker, or after
由 before a verb) that overlap no unit, groups them by form (up to 6 characters before the holder's head, the head,
the marker after) and prints the forms by number of documents, with examples.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = _ROOT.parent.parent / "shared" / "archive"
if not ARCHIVE.is_dir():
    ARCHIVE = _ROOT.parent / "shared" / "archive"


def archive_files() -> list[Path]:
    """The archive's documents that no test or gold file is drawn from, sorted."""
    tested = " ".join(p.name for p in (_ROOT / "tests").rglob("*") if p.is_file())
    roots = [ARCHIVE / "local-regulations", ARCHIVE / "national-laws", ARCHIVE / "govcn"]
    return sorted(p for r in roots for p in r.rglob("*")
                  if p.is_file() and "sifa-jieshi" not in p.parts and p.stem not in tested)


def dump(out: str, seed: int, n: int = 400) -> None:
    from kb.config import settings_from_env
    from kb.extract import extract_document
    from kb.pipeline import ingest_file

    files = archive_files()
    random.Random(seed).shuffle(files)
    found: dict[str, list] = {}
    for p in files[:n]:
        try:
            doc, clauses = ingest_file(p, settings_from_env(ocr=False))
        except Exception as e:  # noqa: BLE001 - an unreadable file is reported, not fatal
            print(f"skip {p}: {e}", file=sys.stderr)
            continue
        units: dict[str, list] = defaultdict(list)
        for r in extract_document(doc, clauses).responsibilities:
            units[r.clause_id].append([r.unit, r.role, r.raw, r.start, r.end, r.inherited])
        found[str(p)] = [[c.id, c.text, units.get(c.id, [])] for c in clauses if c.kind != "table"]
    Path(out).write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")


def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    raw = json.loads((_ROOT / "kb" / "data" / "statutory_heads.json").read_text(encoding="utf-8"))
    heads = sorted(set(raw["organ_heads"]) | {"主管部门", "管理机构", "办事处", "委员会", "人民政府"}, key=len, reverse=True)
    marks = "应当|应(?!急)|负责|可以|会同|组织(?!部)|依法|按照|依照|根据|有权|不得|在各自|协助|配合|主管|承担|履行|对"
    alt = "|".join(map(re.escape, heads))
    subj = re.compile(rf"(?P<h>{alt})(?:[，,]?)(?P<m>{marks})")
    by = re.compile(rf"由(?P<x>[^，,。；;：:由]{{2,30}}?(?P<h>{alt}))(?P<m>[\u4e00-\u9fff]{{2}})")
    return subj, by


_STOP = "，,。；;：:、（）()《》“”\n 　"


def candidates(text: str) -> list[tuple[int, int, str, str, str]]:
    """(start, end, head, marker, kind) of organ-headed phrases before a duty marker or after 由."""
    subj, by = _patterns()
    out = []
    for m in subj.finditer(text):
        start = m.start("h")
        while start > 0 and text[start - 1] not in _STOP and m.start("h") - start < 30:
            start -= 1
        if m.start("h") - start < 1:
            continue  # a bare 部门 / 政府
        out.append((start, m.end("h"), m.group("h"), m.group("m"), "subj"))
    for m in by.finditer(text):
        out.append((m.start("x"), m.end("h"), m.group("h"), m.group("m"), "by"))
    return out


def _organ_like(phrase: str) -> bool:
    """Not a regulated party's name, not vague (有关 / 其他 inside), no verb inside: what could be a missed organ."""
    from kb.extract.statutory import head_kind, load_heads

    if re.search(r"有关|相关|其他|其它|指定|确定|的|应当|由|经|向|对|委托|支持|推进", phrase):
        return False
    if phrase in load_heads().generic or phrase.endswith(tuple(load_heads().generic)):
        return False
    return head_kind(re.sub(r"[（(][^）)]*[）)]", "", phrase)) != "regulated"


def misses(data: dict) -> list[tuple[str, str, str, str, int, int]]:
    """(file, clause id, form, text, start, end) of candidates no unit covers."""
    vague = ("有关", "相关", "其他", "其它", "各有关", "上述", "前款", "该", "其", "本级", "同级", "各级人民政府", "上级")
    out = []
    for f, clauses in data.items():
        for i, (cid, text, units) in enumerate(clauses):
            spans = [(s, e) for _, _, _, s, e, inh in units if not inh and e > s]
            names = [u for u, *_ in units] + [raw for _, _, raw, *_ in units]
            if not units:  # a trailing paragraph's records move to its article (kb.extract.trailing_paragraphs)
                names = [n for _, _, prev in clauses[max(0, i - 8):i] for u, _, raw, *_ in prev for n in (u, raw)]
            for s, e, head, mark, kind in candidates(text):
                phrase = text[s:e]
                if phrase.startswith(vague) or any(s < b and a < e for a, b in spans):
                    continue
                if any(phrase.endswith(n[-4:]) or n.endswith(phrase[-4:]) or phrase in n for n in names if len(n) >= 4):
                    continue
                if not _organ_like(phrase):
                    continue
                lead = phrase[: len(phrase) - len(head)][-6:]
                form = f"{kind}|{lead}…{head}|{mark}"
                out.append((f, cid, form, text, s, e))
    return out


def forms(path: str, top: int = 25, examples: int = 3, by_context: int = 1) -> None:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    found = misses(data)
    print(f"files {len(data)} missed candidates {len(found)} in {len({f for f, *_ in found})} files")
    # coarse form: the kind, the head, the marker, the two characters before the phrase
    groups: dict[str, list] = defaultdict(list)
    for f, cid, form, text, s, e in found:
        kind, lead_head, mark = form.split("|")
        head = lead_head.split("…")[1]
        before = text[max(0, s - 2):s].replace("\n", "⏎")
        key = f"{kind} [{before}]X{head} {mark}" if by_context else f"{kind} …{text[s:e][-6:]} {mark}"
        groups[key].append((f, cid, text, s, e))
    ranked = sorted(groups.items(), key=lambda kv: (-len({f for f, *_ in kv[1]}), -len(kv[1])))
    for form, rows in ranked[:top]:
        print(f"\n== {form}: {len({f for f, *_ in rows})} documents, {len(rows)} candidates")
        seen = set()
        for f, cid, text, s, e in rows:
            if f in seen:
                continue
            seen.add(f)
            print(f"   {Path(f).parent.name}/{Path(f).name[:12]} {cid}: …{text[max(0, s - 20):s]}【{text[s:e]}】{text[e:e + 25]}…".replace("\n", "⏎"))
            if len(seen) >= examples:
                break


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(sys.argv[2], int(sys.argv[3]), *(int(x) for x in sys.argv[4:5]))
    else:
        forms(sys.argv[2], *(int(x) for x in sys.argv[3:6]))
