/**
 * The lifecycle chart drawn as a Mermaid `stateDiagram-v2`, generated from the machine.
 *
 * @remarks
 * Walks `machine.root`: a compound state becomes a composite block with its initial state
 * marked `[*] -->`, every transition with a target becomes an edge labelled with its event and
 * guard. Targetless transitions (the phase stays) are not drawn, to keep the picture readable;
 * {@link stutterTable} lists them. Three Mermaid rules shape the output: every state is
 * declared (inside its composite) before any edge names it, because Mermaid puts a state in the
 * block where it is first mentioned; an edge is written in the innermost block holding both
 * ends (transitions between the same two states share one edge); and no edge may join states inside two different composites, which Mermaid cannot
 * draw, so the chart enters a composite by targeting the composite itself.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { lifecycleMachine } from '../../models/lifecycle.ts';
import type { AbstractTransition } from '../../models/lifecycleChart.ts';
import { abstractTransitions, describeTransition, stateNodes } from '../../models/lifecycleChart.ts';

function childrenOf(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states);
}

function ancestors(node: AnyStateNode): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  for (let n = node.parent; n !== undefined; n = n.parent) out.push(n);
  return out;
}

/** The innermost composite (or the root) that holds both ends of an edge strictly inside it. */
function scopeOf(source: AnyStateNode, target: AnyStateNode): AnyStateNode {
  const targetAncestors = new Set(ancestors(target));
  // Neither end is the root (edgesOf refuses that), so the root at least holds both.
  return ancestors(source).find((a) => targetAncestors.has(a))!;
}

/** An edge label: each event, with its guard in brackets as UML writes it. */
function label(ts: readonly AbstractTransition[]): string {
  const text = ts.map((t) => (t.guard === null ? t.event : `${t.event} [${t.guard}]`)).join(', ');
  // Mermaid ends a label at ':' or ';' and reads '%%' and '#' as comments.
  if (/[:;#%\n]/.test(text)) throw new Error(`programmer error: label ${text} cannot be written in Mermaid`);
  return text;
}

/** All transitions between the same two states, drawn as one edge so the picture stays legible. */
interface Edge {
  readonly source: AnyStateNode;
  readonly target: AnyStateNode;
  readonly transitions: AbstractTransition[];
}

function edgesOf(machine: AnyStateMachine): Edge[] {
  const edges = new Map<string, Edge>();
  for (const node of stateNodes(machine))
    for (const defs of node.transitions.values())
      for (const t of defs) {
        const target = t.target?.[0];
        if (target === undefined) continue;
        // The root is the frame of the picture, not a state in it: such an arrow has no end to draw.
        if (t.source.parent === undefined || target.parent === undefined)
          throw new Error(`programmer error: ${describeTransition(t).id} leaves or enters the root, which cannot be drawn`);
        const key = `${t.source.id} ${target.id}`;
        const edge = edges.get(key) ?? edges.set(key, { source: t.source, target, transitions: [] }).get(key)!;
        edge.transitions.push(describeTransition(t));
      }
  return [...edges.values()];
}

function block(node: AnyStateNode, edges: readonly Edge[], indent: string): string[] {
  const lines: string[] = [];
  for (const child of childrenOf(node)) {
    if (child.type === 'compound') lines.push(`${indent}state ${child.key} {`, ...block(child, edges, `${indent}  `), `${indent}}`);
    else lines.push(`${indent}${child.key}`);
  }
  const initial = node.type === 'compound' ? node.initial.target[0] : undefined;
  if (initial !== undefined) lines.push(`${indent}[*] --> ${initial.key}`);
  for (const e of edges)
    if (scopeOf(e.source, e.target) === node) lines.push(`${indent}${e.source.key} --> ${e.target.key} : ${label(e.transitions)}`);
  return lines;
}

/**
 * The chart as Mermaid `stateDiagram-v2` source, without the Markdown fence.
 *
 * @example
 * ```ts
 * lifecycleMermaid().split('\n')[0]; // 'stateDiagram-v2'
 * ```
 * @public
 */
export function lifecycleMermaid(machine: AnyStateMachine = lifecycleMachine): string {
  const keys = stateNodes(machine).slice(1).map((n) => n.key);
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  // Mermaid knows a state by its name alone, so names must be unique across composites.
  if (twice !== undefined) throw new Error(`programmer error: state name ${twice} is used twice`);
  return ['stateDiagram-v2', ...block(machine.root, edgesOf(machine), '  ')].join('\n');
}

const code = (s: string): string => `\`${s}\``;

/**
 * The targetless transitions (events that keep the phase) as a Markdown table, by state.
 * @public
 */
export function stutterTable(machine: AnyStateMachine = lifecycleMachine): string {
  const rows = new Map<string, string[]>();
  for (const t of abstractTransitions(machine)) {
    if (t.to !== null) continue;
    const where = t.from === '*' ? 'every state' : code(t.from);
    const event = t.guard === null ? code(t.event) : `${code(t.event)} when ${code(t.guard)}`;
    (rows.get(where) ?? rows.set(where, []).get(where)!).push(event);
  }
  return ['| state | events that keep the phase |', '|---|---|', ...[...rows].map(([where, events]) => `| ${where} | ${events.join(', ')} |`)].join('\n');
}

/**
 * Every transition of the chart as a Markdown table, in document order, with its citations.
 * @public
 */
export function transitionTable(machine: AnyStateMachine = lifecycleMachine): string {
  const rows = abstractTransitions(machine).map(
    (t, i) =>
      `| ${i + 1} | ${t.from === '*' ? 'every state' : code(t.from)} | ${code(t.event)} | ${t.guard === null ? '' : code(t.guard)} | ${t.to === null ? '(stays)' : code(t.to)} | ${t.cites} |`,
  );
  return ['| # | in | event | guard | to | cites |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
