"""The app's fixed text and page assets: title, intro, example questions, CSS and the two click scripts."""

from __future__ import annotations

APP_TITLE = "政策知识库"
INTRO = "输入问题，得到各文件的原文条款、指标和可直接粘贴的引用。所有内容均来自已入库文件原文。"
EXAMPLE_QUESTIONS = [
    "新建小区配建标准",
    "护理员补贴多少",
    "老人吃饭难怎么解决",
    "护理型床位占比要达到多少",
    "哪些任务由市民政局牵头",
]

# the 显示匹配依据 checkbox: show or hide every card's match ranks (the answer HTML keeps them, CSS hides them)
SHOW_WHY_JS = """(on) => { const el = document.querySelector('#kb-answer'); if (el) el.classList.toggle('kb-show-why', !!on); return []; }"""

CSS = """
.kb-card{border:1px solid #d0d7de;border-radius:8px;padding:10px 14px;margin:10px 0;background:#fff}
.kb-card-head{margin-bottom:6px}.kb-n{display:inline-block;background:#b42318;color:#fff;border-radius:10px;padding:0 7px;font-size:12px}
.kb-meta{color:#57606a;font-size:13px;margin-left:8px}.kb-clause{cursor:pointer;padding:6px 8px;border-left:3px solid #b42318;background:#fbfbfb;margin:6px 0}
.kb-clause:hover{background:#fff4f2}.kb-path{color:#0550ae;font-size:13px}.kb-prov{color:#9a6700;font-size:12px;margin-left:6px}
.kb-text{white-space:pre-wrap;line-height:1.7}mark.kb-fig{background:#ffe58f;padding:0 2px;border-radius:3px;font-weight:600}
.kb-cite{font-size:13px;color:#24292f;background:#f6f8fa;padding:4px 8px;border-radius:4px;display:flex;gap:8px;align-items:center}
.kb-cite-text{flex:1}.kb-copy{border:1px solid #d0d7de;border-radius:4px;padding:1px 8px;background:#fff;cursor:pointer;font-size:12px;white-space:nowrap}
.kb-why{display:none;color:#57606a;font-size:12px;margin-top:4px}.kb-show-why .kb-why{display:block}.kb-hit{background:#fff4d6;box-shadow:0 0 0 1px #f0d48a}b.kb-q{color:#a4262c;font-weight:600}.kb-level{display:inline-block;font-size:12px;padding:0 6px;border-radius:8px;background:#e7f0ff;color:#1f4e99;font-weight:400}.kb-card-related{opacity:.85;border-style:dashed}.kb-related{margin:14px 0 6px;color:#57606a;font-weight:600}.kb-sumtable{margin-bottom:12px}.kb-sumtable .kb-sum-fig{font-weight:600;color:#7a4b00}.kb-figs{font-size:13px;margin-top:4px}
.kb-chip{display:inline-block;background:#fff8c5;border:1px solid #eac54f;border-radius:10px;padding:0 7px;margin:1px 3px}
.kb-empty{color:#57606a;padding:16px}.kb-ok{color:#1a7f37;padding:6px}
/* gradio writes its queue status in English ("processing | 1.8s", "queue: 3/10"): say it in Chinese instead */
.progress-text{font-size:0 !important}.progress-text::after{content:"处理中…";font-size:13px}.kb-summary{color:#57606a;font-size:13px}
.kb-context{border:1px solid #d0d7de;border-radius:8px;padding:10px}.kb-ctx-title{font-weight:700;margin-bottom:6px}
.kb-ctx-parent{color:#0550ae;font-weight:600}.kb-ctx-near{color:#57606a;margin:4px 0;white-space:pre-wrap}
.kb-ctx-target{background:#fff4f2;border-left:3px solid #b42318;padding:4px 6px;margin:4px 0;white-space:pre-wrap}
.kb-table{border-collapse:collapse;width:100%;font-size:13px}.kb-table th,.kb-table td{border:1px solid #d0d7de;padding:5px 7px;vertical-align:top}
.kb-table th{background:#f6f8fa;position:sticky;top:0}.kb-scroll{overflow:auto;max-height:640px}
.kb-badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;color:#fff;background:#57606a;white-space:nowrap}
.kb-badge-same{background:#1a7f37}.kb-badge-refined{background:#0969da}.kb-badge-stricter{background:#cf222e}
.kb-badge-looser{background:#bf8700}.kb-badge-silent{background:#8c959f}.kb-badge-new{background:#8250df}.kb-badge-ref{background:#24292f}
.kb-silent{color:#8c959f}.kb-diff del{background:#ffebe9;color:#82071e}.kb-diff ins{background:#dafbe1;color:#116329;text-decoration:none}
.kb-role-lead{background:#ffebe9;font-weight:700;text-align:center}.kb-role-co{background:#ddf4ff;text-align:center}
.kb-c-doc{min-width:12em}.kb-c-level,.kb-c-rel,.kb-cell{white-space:nowrap}.kb-c-text{min-width:28em}
.kb-c-fig{min-width:8em}.kb-c-side{min-width:18em;width:31%}.kb-c-path{min-width:8em}.kb-c-task{min-width:26em}
.kb-matrix{width:auto}.kb-matrix th.kb-c-unit{writing-mode:vertical-rl;text-orientation:upright;min-width:2.4em;max-height:14em;vertical-align:bottom}
.kb-orig-head{margin:6px 0}.kb-orig-page{width:100%;border:1px solid #d0d7de;border-radius:4px}
.kb-orig-text{white-space:pre-wrap;line-height:1.7;max-height:720px;overflow:auto;border:1px solid #d0d7de;border-radius:8px;padding:10px}
mark.kb-orig-mark{background:#fff4d6;box-shadow:0 0 0 2px #f0d48a}
#kb-ctx-col{position:sticky;top:8px;align-self:flex-start}#kb-original .kb-original{max-height:80vh;overflow:auto}
.kb-tree{list-style:none;padding-left:18px;line-height:1.7}.kb-tree li{cursor:pointer}
.kb-tree li.kb-picked>.kb-item,.kb-tree li.kb-picked>details>summary>.kb-item{background:#ffe58f}.kb-num{color:#0550ae;font-weight:600}
"""

# Runs once per card panel: clicking a clause asks the server for its context; the copy button copies the citation.
CARD_JS = """
element.addEventListener('click', (e) => {
  const copy = e.target.closest('.kb-copy');
  if (copy) {
    e.stopPropagation();
    const text = copy.getAttribute('data-cite') || '';
    const done = () => { copy.textContent = '已复制'; setTimeout(() => { copy.textContent = '复制引用'; }, 1500); };
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done, done); }
    else { const t = document.createElement('textarea'); t.value = text; document.body.appendChild(t); t.select();
           try { document.execCommand('copy'); } catch (err) {} t.remove(); done(); }
    return;
  }
  const card = e.target.closest('[data-clause]');
  if (card) trigger('click', {clause_id: card.getAttribute('data-clause')});
});
"""

# The clause tree: clicking a clause selects it (for "用此条款做对比").
TREE_JS = """
element.addEventListener('click', (e) => {
  if (e.target.closest('summary') && e.offsetX < 16) return;  // the disclosure triangle only folds
  const item = e.target.closest('[data-clause]');
  if (!item) return;
  element.querySelectorAll('.kb-picked').forEach((x) => x.classList.remove('kb-picked'));
  item.classList.add('kb-picked');
  trigger('click', {clause_id: item.getAttribute('data-clause')});
});
"""
