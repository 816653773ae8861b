/**
 * A trace as one self-contained HTML page: every step with its event, its phase on the
 * lifecycle diagram, what it changed, the state after it, and the violated property
 * highlighted where it breaks; stepped through with the keyboard.
 *
 * @remarks
 * The page is for reading a counterexample, as TLC's and Quint's trace explorers are. It is one
 * file with no network access at all (its Content-Security-Policy forbids every fetch), so it can
 * be attached to a bug report or opened from CI artefacts. Everything is rendered here, in Node:
 * the script in the page only shows one step at a time and lights the diagram.
 *
 * The state and its diff are rendered from the ITF values of the trace (src/trace/diff.ts), the
 * one rendering the CLI's step table and the checker's report use too: no field of the state is
 * named here, so a model whose state gains or loses variables is drawn as it is.
 */
import { formatEvent, eventKind } from '../model/events.ts';
import { REJECTION_CODES } from '../model/rejection.ts';
import type { Violation } from '../../properties/invariants.ts';
import { abstractLeaf, abstractStep } from '../../properties/refinement.ts';
import type { Change } from '../trace/diff.ts';
import { renderValue, statePath } from '../trace/diff.ts';
import type { ItfValue } from '../trace/codec.ts';
import type { ReplayRow } from '../trace/replay.ts';
import { encodeState } from '../trace/schema.ts';
import type { Trace } from '../trace/trace.ts';
import { PAGE_SCRIPT, PAGE_STYLE } from './assets.ts';
import { edgeKey, lifecycleSvg } from './diagram.ts';
import { escapeHtml } from './html.ts';

/**
 * What the page shows: a trace and its replay with every property checked.
 * @public
 */
export interface TraceView {
  /** A title for the page, normally the trace file's name. */
  readonly title: string;
  readonly trace: Trace;
  /** The reducer replayed: `reference`, or a mutant's id and name. */
  readonly reducer: string;
  /** The replay's rows: row 0 is the initial state, row n the state after the n-th event. */
  readonly rows: readonly ReplayRow[];
  /** The first property broken on the replay, and where. */
  readonly firstViolation: { readonly index: number; readonly violation: Violation } | null;
  /**
   * Whether the violation the trace records recurs on its last step: null when it records none
   * or replay cannot tell (src/cli/counterexample.ts, `replayAll`).
   */
  readonly reproduced: boolean | null;
}

/** Values in the page are cut much later than in a terminal's table. */
const WIDTH = 400;

/**
 * The step a page highlights and the property broken there. A counterexample is shown as the
 * counterexample of what it records: the first step where the replay breaks that property, even
 * when another property (the ownership oracle, which the explorer does not check) broke earlier;
 * those are shown on their own steps too. A recorded property the replay cannot judge step by
 * step (the explorer's DEADLOCK, TERMINATION) is shown at the last step, unless the replay says
 * it does not recur. A trace that records nothing highlights the replay's first violation.
 * @public
 */
export function violationStep(view: TraceView): { readonly index: number; readonly violation: Violation } | null {
  const recorded = view.trace.violation;
  if (recorded !== undefined) {
    for (const row of view.rows) {
      const v = row.violations.find((x) => x.id === recorded.id);
      if (v !== undefined) return { index: row.index, violation: v };
    }
    if (view.reproduced !== false) return { index: view.rows.length - 1, violation: recorded };
  }
  return view.firstViolation;
}

/**
 * The page: one HTML document with its style, data and script inline.
 * @example
 * ```ts
 * const full = replayAll(trace, step);
 * writeFileSync('trace.html', traceHtml({ title: 'cx.itf.json', trace, reducer: 'reference', ...full }));
 * ```
 * @public
 */
export function traceHtml(view: TraceView): string {
  const at = violationStep(view);
  const last = view.rows.length - 1;
  const headline = at === null
    ? '<p class="verdict ok">every property holds on every step</p>'
    : `<p class="verdict bad"><a href="#step-${at.index}" data-goto="${at.index}">VIOLATED at step ${at.index}: ` +
      `<b>${escapeHtml(at.violation.id)} ${escapeHtml(at.violation.name)}</b></a></p>`;
  const meta = [
    `scenario <b>${escapeHtml(view.trace.scenario.name)}</b>`,
    `reducer <b>${escapeHtml(view.reducer)}</b>`,
    `${last} event${last === 1 ? '' : 's'}`,
    ...(view.trace.seed === undefined ? [] : [`seed ${escapeHtml(view.trace.seed)}`]),
    ...(view.trace.replayPath === undefined ? [] : [`path ${escapeHtml(view.trace.replayPath)}`]),
  ].join(' · ');
  const items = view.rows.map((row) => stepItem(row, at?.index ?? -1));
  const articles = view.rows.map((row, i) => stepArticle(view, row, i, at));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(view.title)}: vm-handover trace</title>
<style>${PAGE_STYLE}</style>
</head>
<body data-violation-step="${at?.index ?? -1}" data-last-step="${last}">
<header>
<h1>${escapeHtml(view.title)}</h1>
<p class="meta">${meta}</p>
${headline}
</header>
<main>
<nav aria-label="steps"><ol id="steps">
${items.join('\n')}
</ol></nav>
<section id="detail">
<p id="position" aria-live="polite"></p>
${articles.join('\n')}
</section>
<figure id="lifecycle"><figcaption>lifecycle (models/lifecycle.ts): the phase after this step, and the transition taken</figcaption>
${lifecycleSvg()}
</figure>
</main>
<footer>keys: <kbd>→</kbd>/<kbd>j</kbd> next step · <kbd>←</kbd>/<kbd>k</kbd> previous · <kbd>Home</kbd>/<kbd>End</kbd> first, last · <kbd>v</kbd> the violation</footer>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

const eventText = (row: ReplayRow): string => (row.event === null ? '(initial state)' : formatEvent(row.event));

function stepItem(row: ReplayRow, violationIndex: number): string {
  const cls = [
    row.event === null ? 'initial' : eventKind(row.event),
    row.index === violationIndex ? 'violation' : '',
    row.rejection !== null ? 'rejected' : '',
  ].filter((c) => c !== '').join(' ');
  return `<li data-step="${row.index}" class="${cls}"><button type="button" tabindex="-1"><span class="n">${row.index}</span> ${escapeHtml(eventText(row))}</button></li>`;
}

function stepArticle(view: TraceView, row: ReplayRow, i: number, at: ReturnType<typeof violationStep>): string {
  const previous = view.rows[i - 1];
  const phase = abstractLeaf(row.state);
  // The chart's transition this step takes, to light its arrow; none for the initial state, a
  // refused event, a stutter, or a step the chart has no transition for (a REF-1 violation).
  let edge = '';
  if (previous !== undefined && row.event !== null && row.rejection === null) {
    const s = abstractStep(previous.state, row.event, row.state);
    if (s.ok && s.transition.to !== null) edge = edgeKey(s.transition);
  }
  const parts: string[] = [];
  parts.push(`<h2>step ${row.index}: <code>${escapeHtml(eventText(row))}</code>${row.event === null ? '' : ` <span class="kind">${eventKind(row.event)}</span>`}</h2>`);
  parts.push(`<p class="phase">phase after it: <b>${escapeHtml(phase)}</b></p>`);
  const main = at !== null && at.index === row.index;
  if (main) parts.push(violationBox(at.violation, 'violated', 'violation main'));
  const earlier = new Set(previous?.violations.map((v) => v.id) ?? []);
  for (const v of row.violations) {
    if (main && v.id === at.violation.id) continue;
    parts.push(earlier.has(v.id) ? `<p class="still">still violated: ${escapeHtml(v.id)} ${escapeHtml(v.name)}</p>` : violationBox(v, main ? 'also violated' : 'violated', 'violation'));
  }
  if (row.rejection !== null) {
    const r = row.rejection;
    parts.push(`<p class="rejected">REJECTED ${escapeHtml(r.code)}: ${escapeHtml(REJECTION_CODES[r.code] ?? '')}; failed guard: <code>${escapeHtml(r.guard)}</code></p>`);
  }
  for (const e of row.effects) parts.push(`<p class="note">note: ${escapeHtml(e.kind)}: ${escapeHtml(e.reason)}</p>`);
  if (row.divergence !== null) {
    const d = row.divergence;
    parts.push(`<p class="diverges">DIVERGES from the recorded state at <code>${escapeHtml(d.path)}</code>: recorded ${escapeHtml(d.recorded)}, replayed ${escapeHtml(d.replayed)}</p>`);
  }
  parts.push('<h3>what changed</h3>', changesTable(row));
  parts.push(`<details open><summary>state after step ${row.index}</summary>${stateTable(encodeState(row.state), row.changes)}</details>`);
  return `<article class="step" data-step="${row.index}" data-phase="${escapeHtml(phase)}" data-edge="${escapeHtml(edge)}"${i === 0 ? '' : ' hidden'}>\n${parts.join('\n')}\n</article>`;
}

function violationBox(v: Violation, what: string, cls: string): string {
  return `<div class="${cls}" role="alert" data-violation="${escapeHtml(v.id)}"><strong>${what.toUpperCase()} ${escapeHtml(v.id)} ${escapeHtml(v.name)}</strong><p>${escapeHtml(v.explanation)}</p></div>`;
}

function changesTable(row: ReplayRow): string {
  if (row.index === 0) return '<p class="none">(the initial state)</p>';
  if (row.changes.length === 0) return '<p class="none">(no change)</p>';
  const cell = (v: ItfValue | undefined): string => (v === undefined ? '<td class="absent">absent</td>' : `<td>${escapeHtml(renderValue(v, WIDTH))}</td>`);
  const rows = row.changes.map(
    (c: Change) =>
      `<tr class="${c.kind}"><th scope="row"><code>${escapeHtml(statePath(c.path))}</code></th>${cell(c.kind === 'added' ? undefined : c.before)}${cell(c.kind === 'removed' ? undefined : c.after)}</tr>`,
  );
  return `<table class="diff"><thead><tr><th>where</th><th>before</th><th>after</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

type Obj = { readonly [k: string]: ItfValue };

/** The entries one level down of a record, an ITF map or a variant's payload, to show a variable as a small table; null for other values. */
function entriesOf(v: ItfValue): [string, ItfValue][] | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Obj;
  // A variant (Quint's Some(record), say) shows its payload's entries.
  if (Object.keys(o).length === 2 && typeof o['tag'] === 'string' && Object.hasOwn(o, 'value')) return entriesOf(o['value']!);
  const map = o['#map'];
  if (Array.isArray(map)) return (map as readonly (readonly [ItfValue, ItfValue])[]).map(([k, x]) => [typeof k === 'string' ? k : renderValue(k), x]);
  if (Object.keys(o).some((k) => k.startsWith('#'))) return null;
  return Object.entries(o);
}

/** The state, a row per variable, and a row per entry of a variable that is a map or record; what changed is marked. */
function stateTable(state: Readonly<Record<string, ItfValue>>, changes: readonly Change[]): string {
  const changed = (path: readonly string[]): boolean =>
    changes.some((c) => path.every((p, i) => String(c.path[i]) === p));
  const rows: string[] = [];
  for (const [name, value] of Object.entries(state)) {
    const entries = entriesOf(value);
    const mark = changed([name]) ? ' class="changed"' : '';
    if (entries === null || entries.length === 0) {
      rows.push(`<tr${mark}><th scope="row" colspan="2"><code>${escapeHtml(name)}</code></th><td>${escapeHtml(renderValue(value, WIDTH))}</td></tr>`);
      continue;
    }
    entries.forEach(([key, x], j) => {
      const head = j === 0 ? `<th scope="rowgroup" rowspan="${entries.length}"${mark}><code>${escapeHtml(name)}</code></th>` : '';
      const m = changed([name, key]) ? ' class="changed"' : '';
      rows.push(`<tr${m}>${head}<th scope="row"><code>${escapeHtml(key)}</code></th><td>${escapeHtml(renderValue(x, WIDTH))}</td></tr>`);
    });
  }
  return `<table class="state"><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}
