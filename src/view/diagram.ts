/**
 * The lifecycle statechart drawn as an SVG picture for the trace viewer, from the machine itself.
 *
 * @remarks
 * Mermaid draws the same chart in docs/lifecycle.md, but it needs a browser and a 3 MB script:
 * a trace page must open offline and stay small, so it carries this drawing instead. Like the
 * Mermaid source (src/lifecycle/mermaid.ts) it walks the machine xstate built, never a list of
 * phases: the root's children are stacked top to bottom in document order, a composite is a
 * frame with its phases side by side, and every transition with a target is an arrow (hover
 * shows its events). A phase
 * added to the chart appears here without a change. Each phase carries `data-state` and each
 * arrow `data-edge="FROM->TO"` (dotted paths, as {@link AbstractTransition} names them), so the
 * page's script can light the current phase and the transition just taken.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { lifecycleMachine } from '../../models/lifecycle.ts';
import type { AbstractTransition } from '../../models/lifecycleChart.ts';
import { abstractTransitions, nodeName } from '../../models/lifecycleChart.ts';
import { escapeHtml } from './html.ts';

const BOX_W = 124;
const BOX_H = 30;
const GAP_X = 18;
const GAP_Y = 34;
const PAD = 12;
const FRAME_TOP = 20;
const MARGIN_LEFT = 70;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The key of an arrow: where the transition is declared and where it leads, as dotted paths. @internal */
export const edgeKey = (t: Pick<AbstractTransition, 'from' | 'to'>): string => `${t.from}->${t.to ?? ''}`;

/**
 * The lifecycle chart as an inline SVG element.
 * @internal
 */
export function lifecycleSvg(machine: AnyStateMachine = lifecycleMachine): string {
  const boxes = new Map<string, Box & { readonly row: number }>();
  const parts: string[] = [];
  let y = PAD;
  let width = 0;
  (Object.values(machine.root.states) as AnyStateNode[]).forEach((child, row) => {
    if (child.type === 'compound') {
      const leaves = Object.values(child.states) as AnyStateNode[];
      const w = leaves.length * BOX_W + (leaves.length - 1) * GAP_X + 2 * PAD;
      const h = FRAME_TOP + BOX_H + PAD;
      boxes.set(nodeName(child), { x: MARGIN_LEFT, y, w, h, row });
      parts.push(
        `<g class="composite" data-state="${escapeHtml(child.key)}"><rect x="${MARGIN_LEFT}" y="${y}" width="${w}" height="${h}" rx="10"/>` +
          `<text class="frame-label" x="${MARGIN_LEFT + 8}" y="${y + 14}">${escapeHtml(child.key)}</text></g>`,
      );
      leaves.forEach((leaf, i) => {
        const box = { x: MARGIN_LEFT + PAD + i * (BOX_W + GAP_X), y: y + FRAME_TOP, w: BOX_W, h: BOX_H, row };
        boxes.set(nodeName(leaf), box);
        parts.push(leafBox(leaf, box));
      });
      width = Math.max(width, MARGIN_LEFT + w);
      y += h + GAP_Y;
    } else {
      const box = { x: MARGIN_LEFT + PAD, y, w: BOX_W, h: BOX_H, row };
      boxes.set(nodeName(child), box);
      parts.push(leafBox(child, box));
      width = Math.max(width, box.x + BOX_W);
      y += BOX_H + GAP_Y;
    }
  });
  const lanes = { left: 0, right: 0 };
  const arrows = edges(machine).map(({ key, from, to, label }) => arrow(key, boxes.get(from)!, boxes.get(to)!, label, width, lanes));
  const height = y - GAP_Y + PAD;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="lifecycle" viewBox="0 0 ${width + LANE_GAP * (lanes.right + 1) + PAD} ${height}" role="img" aria-label="lifecycle statechart">`,
    '<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ...arrows,
    ...parts,
    '</svg>',
  ].join('\n');
}

function leafBox(node: AnyStateNode, b: Box): string {
  const parent = node.parent?.parent === undefined ? '' : ` data-parent="${escapeHtml(node.parent.key)}"`;
  return (
    `<g class="phase" data-state="${escapeHtml(node.key)}"${parent}><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6"/>` +
    `<text x="${b.x + b.w / 2}" y="${b.y + b.h / 2 + 4}" text-anchor="middle">${escapeHtml(node.key)}</text></g>`
  );
}

/** Transitions between the same two states share one arrow, labelled (as a tooltip) with all their events. */
function edges(machine: AnyStateMachine): { key: string; from: string; to: string; label: string }[] {
  const out = new Map<string, { key: string; from: string; to: string; label: string[] }>();
  for (const t of abstractTransitions(machine)) {
    if (t.to === null || t.from === '*') continue;
    const key = edgeKey(t);
    const e = out.get(key) ?? out.set(key, { key, from: t.from, to: t.to, label: [] }).get(key)!;
    e.label.push(t.guard === null ? t.event : `${t.event} [${t.guard}]`);
  }
  return [...out.values()].map((e) => ({ ...e, label: e.label.join(', ') }));
}

const LANE_GAP = 12;

/**
 * An arrow between two boxes: within a row, straight from side to side; to the next row, a
 * curve from the bottom of one to the top of the other; further down, along a lane of the
 * right margin; upwards (a new attempt), along a lane of the left margin. Lanes are handed out
 * in turn so that no two long arrows share one.
 */
function arrow(key: string, a: Box & { row: number }, b: Box & { row: number }, label: string, width: number, lanes: { left: number; right: number }): string {
  const midA = a.y + Math.min(a.h, BOX_H) / 2;
  const midB = b.y + Math.min(b.h, BOX_H) / 2;
  let d: string;
  if (a.row === b.row) {
    const [x1, x2] = a.x < b.x ? [a.x + a.w, b.x] : [a.x, b.x + b.w];
    d = `M${x1},${midA} L${x2},${midA}`;
  } else if (b.row === a.row + 1) {
    const x1 = a.x + a.w / 2;
    const x2 = b.w > BOX_W ? b.x + 40 : b.x + b.w / 2;
    d = `M${x1},${a.y + a.h} C${x1},${a.y + a.h + 18} ${x2},${b.y - 18} ${x2},${b.y}`;
  } else if (b.row > a.row) {
    const lane = width + LANE_GAP * ++lanes.right;
    d = `M${a.x + a.w},${midA} L${lane},${midA} L${lane},${midB} L${b.x + b.w},${midB}`;
  } else {
    const lane = MARGIN_LEFT - LANE_GAP * ++lanes.left;
    d = `M${a.x},${midA} L${lane},${midA} L${lane},${midB} L${b.x},${midB}`;
  }
  return `<path class="edge" data-edge="${escapeHtml(key)}" d="${d}" marker-end="url(#arrowhead)"><title>${escapeHtml(label)}</title></path>`;
}
