/**
 * The trace page's style and script, inline in every page so that it needs nothing else.
 *
 * @remarks
 * The script is plain browser JavaScript kept as text: it never runs in Node, and the browser
 * test (test/view/browser.test.ts) is what proves it. It only shows one step at a time, marks
 * the step list, and lights the current phase and the transition taken on the diagram; the
 * content itself is rendered by src/view/page.ts. Keys: ArrowRight/ArrowDown/j next,
 * ArrowLeft/ArrowUp/k previous, Home/End first and last, v the violation; the address keeps
 * `#step-N`, so a link opens a page at a step.
 * @internal
 */

/** The page's CSS. @internal */
export const PAGE_STYLE = `
:root { color-scheme: light; --bad: #b3261e; --bad-bg: #fdecea; --ok: #1b6e3a; --now: #1a5fb4; --now-bg: #dce9fa; --line: #c8ccd2; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1f23; background: #fafbfc; }
header { padding: 12px 20px; border-bottom: 1px solid var(--line); background: #fff; }
h1 { font-size: 18px; margin: 0 0 4px; word-break: break-all; }
.meta { margin: 0; color: #555; }
.verdict { margin: 6px 0 0; font-weight: 600; }
.verdict.ok { color: var(--ok); }
.verdict.bad a { color: var(--bad); }
main { display: grid; grid-template-columns: minmax(220px, 300px) minmax(360px, 1fr) minmax(300px, 560px); gap: 16px; padding: 16px 20px; align-items: start; }
nav { max-height: calc(100vh - 150px); overflow-y: auto; overflow-x: hidden; border: 1px solid var(--line); background: #fff; border-radius: 6px; }
#steps { list-style: none; margin: 0; padding: 0; }
#steps button { all: unset; display: block; width: 100%; padding: 3px 8px; cursor: pointer; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
#steps li { border-left: 4px solid transparent; }
#steps li.fault { border-left-color: #e0a100; }
#steps li.environment { border-left-color: #8a8fd6; }
#steps li.violation button { color: var(--bad); font-weight: 700; }
#steps li.rejected button { text-decoration: line-through; }
#steps li.current { background: var(--now-bg); }
#steps .n { display: inline-block; min-width: 2.2em; color: #777; }
#position { margin: 0 0 6px; color: #555; }
article h2 { font-size: 16px; margin: 0 0 6px; }
.kind { font-size: 12px; font-weight: 400; color: #666; border: 1px solid var(--line); border-radius: 8px; padding: 0 6px; }
.phase b { color: var(--now); }
div.violation { border: 2px solid var(--bad); background: var(--bad-bg); color: var(--bad); border-radius: 6px; padding: 8px 10px; margin: 8px 0; }
div.violation p { margin: 4px 0 0; color: #3a0c09; }
.still, .rejected, .diverges { color: var(--bad); }
.note { color: #555; }
table { border-collapse: collapse; width: 100%; background: #fff; margin: 4px 0 10px; }
th, td { border: 1px solid var(--line); padding: 2px 6px; text-align: left; vertical-align: top; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-word; }
thead th { background: #f0f2f5; font-family: system-ui, sans-serif; }
tr.added td:last-child, tr.changed td:last-child { background: #e6f4ea; }
tr.removed td:nth-child(2), tr.changed td:nth-child(2) { background: #fdecea; }
table.state tr.changed td, table.state th.changed { background: #fff6d6; }
table.state th { white-space: nowrap; width: 1%; }
details summary { cursor: pointer; margin: 6px 0; font-weight: 600; }
figure { margin: 0; position: sticky; top: 8px; }
figcaption { color: #555; font-size: 12px; margin-bottom: 4px; }
svg.lifecycle { width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
svg .phase rect { fill: #fff; stroke: #6b7280; }
svg .phase text, svg .frame-label { font: 12px system-ui, sans-serif; fill: #1d1f23; }
svg .composite rect { fill: #f4f5f7; stroke: #9aa0a6; stroke-dasharray: 4 3; }
svg .composite.active rect { stroke: var(--now); stroke-dasharray: none; }
svg .phase.current rect { fill: var(--now); stroke: var(--now); }
svg .phase.current text { fill: #fff; font-weight: 700; }
svg .phase.current.bad rect { fill: var(--bad); stroke: var(--bad); }
svg .edge { fill: none; stroke: #9aa0a6; stroke-width: 1.2; }
svg marker path { fill: #9aa0a6; }
svg .edge.taken { stroke: var(--now); stroke-width: 3; }
footer { padding: 8px 20px 16px; color: #555; }
kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 4px; background: #fff; font-size: 12px; }
@media (max-width: 1100px) { main { grid-template-columns: minmax(200px, 260px) 1fr; } figure { grid-column: 1 / -1; position: static; } }
`;

/** The page's script (browser JavaScript). @internal */
export const PAGE_SCRIPT = `
(() => {
  'use strict';
  const steps = Array.from(document.querySelectorAll('article.step'));
  const items = Array.from(document.querySelectorAll('#steps li'));
  const phases = Array.from(document.querySelectorAll('svg.lifecycle .phase'));
  const composites = Array.from(document.querySelectorAll('svg.lifecycle .composite'));
  const edges = Array.from(document.querySelectorAll('svg.lifecycle .edge'));
  const position = document.getElementById('position');
  const violationAt = Number(document.body.dataset.violationStep);
  let current = -1;

  function show(i) {
    const n = Math.max(0, Math.min(steps.length - 1, i));
    if (n === current) return;
    current = n;
    steps.forEach((s, j) => { s.hidden = j !== n; });
    items.forEach((li, j) => {
      li.classList.toggle('current', j === n);
      if (j === n) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
    });
    // Keep the current step in view inside the list, without scrolling the page.
    const list = items[n].parentElement.parentElement;
    const top = items[n].offsetTop - list.offsetTop;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + items[n].offsetHeight > list.scrollTop + list.clientHeight) list.scrollTop = top + items[n].offsetHeight - list.clientHeight;
    const step = steps[n];
    const phase = step.dataset.phase;
    phases.forEach((p) => {
      const here = p.dataset.state === phase;
      p.classList.toggle('current', here);
      p.classList.toggle('bad', here && n === violationAt);
    });
    const leaf = phases.find((p) => p.dataset.state === phase);
    const parent = leaf === undefined ? undefined : leaf.dataset.parent;
    composites.forEach((c) => c.classList.toggle('active', parent !== undefined && c.dataset.state === parent));
    edges.forEach((e) => e.classList.toggle('taken', step.dataset.edge !== '' && e.dataset.edge === step.dataset.edge));
    position.textContent = 'step ' + n + ' of ' + (steps.length - 1) + (n === violationAt ? ': the violation' : violationAt >= 0 ? ' (violation at step ' + violationAt + ')' : '');
    if (location.hash !== '#step-' + n) history.replaceState(null, '', '#step-' + n);
  }

  function fromHash() {
    const m = /^#step-(\\d+)$/.exec(location.hash);
    return m === null ? 0 : Number(m[1]);
  }

  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const go = {
      ArrowRight: current + 1, ArrowDown: current + 1, j: current + 1,
      ArrowLeft: current - 1, ArrowUp: current - 1, k: current - 1,
      Home: 0, End: steps.length - 1, v: violationAt >= 0 ? violationAt : current,
    }[e.key];
    if (go === undefined) return;
    e.preventDefault();
    show(go);
  });
  items.forEach((li, j) => li.addEventListener('click', () => show(j)));
  document.querySelectorAll('[data-goto]').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); show(Number(a.dataset.goto)); }));
  window.addEventListener('hashchange', () => show(fromHash()));
  show(fromHash());
})();
`;
