/**
 * What changed between two server states, in the domain's words, for the failure report:
 * `units.u1.place: managed by hA -> in flight`, `handover.phase: assigning -> committed`.
 *
 * @remarks
 * A generic walk over the state (so a field the model gains later still shows up), with
 * renderers for the shapes a person reads better as a phrase: a unit's place, a copy, a
 * configuration, received scheduling information, a new handover. The channel is a multiset,
 * so it is diffed as messages added and removed. The scenario (constant) is never compared.
 * src/trace/diff.ts compares ITF encodings for the CLI's replay; this one is for reading.
 */
import type { Message, ServerState } from '../model/state.ts';

/** One change: the path of a field and its rendering before and after. @public */
export interface StateChange {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

const isObject = (v: unknown): v is { readonly [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Renderers for shapes that read better as a phrase, keyed by the last path segment. */
const PHRASES: Readonly<Record<string, (v: Json) => string | null>> = {
  place: (v) => {
    if (!isObject(v)) return null;
    return v['kind'] === 'managed' ? `managed by ${String(v['by'])}` : v['kind'] === 'inFlight' ? 'in flight' : String(v['kind']);
  },
  copy: (v) => (isObject(v) ? `copy v${String(v['version'])} on ${String(v['node'])}${v['dirty'] === true ? ' (dirty)' : ''}` : null),
  config: (v) => (isObject(v) ? `configured for epoch ${String(v['epoch'])}` : null),
  sched: (v) => (isObject(v) ? `v${String(v['version'])} of epoch ${String(v['epoch'])}, applied ${String(v['applied'])}` : null),
};

/** A leaf value as text; null renders as `none`. */
function render(key: string, v: Json): string {
  if (v === null) return 'none';
  const phrase = PHRASES[key]?.(v);
  if (phrase !== null && phrase !== undefined) return phrase;
  if (Array.isArray(v)) return `[${v.map((x) => (isObject(x) || Array.isArray(x) ? JSON.stringify(x) : String(x))).join(', ')}]`;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Whether a value is shown as one leaf (a phrase, a list, a scalar) rather than walked into. */
const isLeaf = (key: string, v: Json): boolean => !isObject(v) || PHRASES[key] !== undefined;

function walk(path: string, key: string, a: Json | undefined, b: Json | undefined, out: StateChange[]): void {
  if (a === b) return;
  if (a !== undefined && b !== undefined && a !== null && b !== null && !isLeaf(key, a) && !isLeaf(key, b)) {
    const ka = Object.keys(a as object);
    const keys = [...ka, ...Object.keys(b as object).filter((k) => !ka.includes(k))];
    for (const k of keys) walk(path === '' ? k : `${path}.${k}`, k, (a as Record<string, Json>)[k], (b as Record<string, Json>)[k], out);
    return;
  }
  const before = a === undefined ? 'absent' : render(key, a);
  const after = b === undefined ? 'absent' : render(key, b);
  if (before !== after) out.push({ path, before, after });
}

const messageText = (m: Message): string => `${m.leg} e${m.epoch} v${m.version} for ${m.to}`;

function channelChanges(a: readonly Message[], b: readonly Message[]): StateChange[] {
  const count = (ms: readonly Message[]): Map<string, number> => {
    const c = new Map<string, number>();
    for (const m of ms) c.set(messageText(m), (c.get(messageText(m)) ?? 0) + 1);
    return c;
  };
  const ca = count(a);
  const cb = count(b);
  const out: StateChange[] = [];
  for (const [text, n] of ca) for (let i = cb.get(text) ?? 0; i < n; i++) out.push({ path: 'channel', before: text, after: 'gone' });
  for (const [text, n] of cb) for (let i = ca.get(text) ?? 0; i < n; i++) out.push({ path: 'channel', before: 'absent', after: text });
  return out;
}

/** A new handover, in one phrase. */
function handoverText(h: NonNullable<ServerState['handover']>): string {
  return `${h.vm} from ${h.source} to ${h.target} (${h.phase}, epoch ${h.epoch})`;
}

/**
 * The changes from one state to the next, in state order: units, hypervisors, VMs, SP,
 * channel, handover, counters.
 * @public
 */
export function diffStates(before: ServerState, after: ServerState): StateChange[] {
  const out: StateChange[] = [];
  for (const key of Object.keys(after) as (keyof ServerState)[]) {
    if (key === 'scenario') continue;
    if (key === 'channel') {
      out.push(...channelChanges(before.channel, after.channel));
      continue;
    }
    if (key === 'handover') {
      const a = before.handover;
      const b = after.handover;
      // A new request replaces the handover: one line says it all.
      const fresh = b !== null && (a === null || after.used.attempts !== before.used.attempts);
      if (fresh) out.push({ path: 'handover', before: a === null ? 'none' : `${a.phase} (ended)`, after: handoverText(b) });
      else walk('handover', 'handover', a as unknown as Json, b as unknown as Json, out);
      continue;
    }
    walk(key, key, before[key] as unknown as Json, after[key] as unknown as Json, out);
  }
  return out;
}

/**
 * One change as text: `units.u1.place: managed by hA -> in flight`; a message sent or consumed
 * reads `channel: + toSp e1 v0 for hB` or `channel: - ...`.
 * @public
 */
export function formatChange(c: StateChange): string {
  if (c.path === 'channel' && c.before === 'absent') return `channel: + ${c.after}`;
  if (c.path === 'channel' && c.after === 'gone') return `channel: - ${c.before}`;
  return `${c.path}: ${c.before} -> ${c.after}`;
}
