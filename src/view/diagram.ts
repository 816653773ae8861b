/**
 * The lifecycle statechart drawn as an SVG picture for the trace viewer, from the machine itself.
 *
 * @remarks
 * Mermaid draws the same chart in docs/lifecycle.md, but it needs a browser and a 3 MB script:
 * a trace page must open offline and stay small, so it carries this drawing instead. Like the
 * Mermaid source (src/lifecycle/mermaid.ts) it walks the machine xstate built, never a list of
 * phases: the root's children are stacked top to bottom in document order, a composite is a
 * frame with its phases side by side, and every transition with a target is an arrow. A phase
 * added to the chart appears here without a change. Each phase carries `data-state` and each
 * arrow `data-edge="FROM->TO"` (dotted paths, as {@link AbstractTransition} names them), so the
 * page's script can light the current phase and the transition just taken.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { lifecycleMachine } from '../../models/lifecycle.ts';
import type { AbstractTransition } from '../lifecycle/chart.ts';
import { abstractTransitions, nodeName } from '../lifecycle/chart.ts';
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
  const boxes = new Map<string, Box>();
  const parts: string[] = [];
  let y = PAD;
  let width = 0;
  for (const child of Object.values(machine.root.states) as AnyStateNode[]) {
    if (child.type === 'compound') {
      const leaves = Object.values(child.states) as AnyStateNode[];
      const w = leaves.length * BOX_W + (leaves.length - 1) * GAP_X + 2 * PAD;
      const h = FRAME_TOP + BOX_H + PAD;
      boxes.set(nodeName(child), { x: MARGIN_LEFT, y, w, h });
      parts.push(
        `<g class="composite" data-state="${escapeHtml(child.key)}"><rect x="${MARGIN_LEFT}" y="${y}" width="${w}" height="${h}" rx="10"/>` +
          `<text class="frame-label" x="${MARGIN_LEFT + 8}" y="${y + 14}">${escapeHtml(child.key)}</text></g>`,
      );
      leaves.forEach((leaf, i) => {
        const box = { x: MARGIN_LEFT + PAD + i * (BOX_W + GAP_X), y: y + FRAME_TOP, w: BOX_W, h: BOX_H };
        boxes.set(nodeName(leaf), box);
        parts.push(leafBox(leaf, box));
      });
      width = Math.max(width, MARGIN_LEFT + w);
      y += h + GAP_Y;
    } else {
      const box = { x: MARGIN_LEFT + PAD, y, w: BOX_W, h: BOX_H };
      boxes.set(nodeName(child), box);
      parts.push(leafBox(child, box));
      width = Math.max(width, box.x + BOX_W);
      y += BOX_H + GAP_Y;
    }
  }
  const arrows = edges(machine).map(({ key, from, to, label }, i) => arrow(key, boxes.get(from)!, boxes.get(to)!, label, i));
  const height = y - GAP_Y + PAD;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="lifecycle" viewBox="0 0 ${width + PAD + 40} ${height}" role="img" aria-label="lifecycle statechart">`,
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

/**
 * An arrow between two boxes: beside each other, straight from side to side; downwards, from the
 * bottom of one to the top of the other; upwards (a new attempt), round the left margin.
 */
function arrow(key: string, a: Box, b: Box, label: string, i: number): string {
  let d: string;
  if (Math.abs(a.y - b.y) < 1 || (b.y > a.y && b.y < a.y + a.h)) {
    const [x1, x2] = a.x < b.x ? [a.x + a.w, b.x] : [a.x, b.x + b.w];
    const y1 = Math.max(a.y, b.y) + BOX_H / 2;
    d = `M${x1},${y1} L${x2},${y1}`;
  } else if (b.y > a.y) {
    const x1 = a.x + a.w / 2;
    const x2 = Math.min(b.x + b.w / 2, b.x + 40 + (i % 5) * 10);
    d = `M${x1},${a.y + a.h} C${x1},${a.y + a.h + 20} ${x2},${b.y - 20} ${x2},${b.y}`;
  } else {
    const out = MARGIN_LEFT - 14 - (i % 4) * 12;
    d = `M${a.x},${a.y + a.h / 2} C${out},${a.y + a.h / 2} ${out},${b.y + 12} ${b.x},${b.y + 12}`;
  }
  return `<path class="edge" data-edge="${escapeHtml(key)}" d="${d}" marker-end="url(#arrowhead)"><title>${escapeHtml(label)}</title></path>`;
}
