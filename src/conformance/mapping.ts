/**
 * The mapping layer: how an implementation's log record becomes a partial observation of the
 * specification, the {@link LogStep} that validation explains.
 *
 * @remarks
 * A record stands for one of a few specification events (a pattern fixes the event's type and
 * some of its parameters; the others are free, as a log seldom names the SP's message epochs), or
 * for none (a record that only reports state). It may pin state variables after its event
 * ({@link Pin}). Events that no record stands for happen unlogged: validation inserts up to
 * `--max-hidden` of them between two records. A mapping is a TypeScript value; mappingFile.ts
 * reads the JSON form the CLI takes and compiles it to one.
 */
import type { EventType, HandoverEvent } from '../model/events.ts';
import type { Scenario } from '../model/scenario.ts';
import type { InputError } from '../input/errors.ts';
import type { Result } from '../input/result.ts';
import type { Pin } from './observation.ts';

/**
 * A specification event a record may stand for: its type and the parameters it fixes.
 * @public
 */
export interface EventPattern {
  readonly type: EventType;
  /** Parameters the record fixes; a parameter not named here may take any value. */
  readonly params: Readonly<Record<string, string | number>>;
}

/** Whether an event is one a pattern allows. @public */
export function matchesPattern(e: HandoverEvent, p: EventPattern): boolean {
  if (e.type !== p.type) return false;
  const fields = e as unknown as Readonly<Record<string, unknown>>;
  for (const k in p.params) if (fields[k] !== p.params[k]) return false;
  return true;
}

/** A pattern as text: `source/unitCopied(unit=u1)`, `sp/schedRelayed(*)` when it fixes nothing a type has. @public */
export function formatPattern(p: EventPattern): string {
  const args = Object.entries(p.params).map(([k, v]) => `${k}=${String(v)}`);
  return args.length === 0 ? p.type : `${p.type}(${args.join(', ')})`;
}

/**
 * One log record in the specification's vocabulary.
 * @public
 */
export interface LogStep {
  /** Where the record is: 1-based line of the log (or the record's position for an in-memory log). */
  readonly line: number;
  /** The events it may stand for (any one of them); empty when it stands for no event and only observes. */
  readonly events: readonly EventPattern[];
  /** What the state is after its event. */
  readonly pins: readonly Pin[];
}

/**
 * How the event types split between logged and unlogged: `unlogged` (the default) allows as a
 * hidden step only an event type no record stands for; `any` allows every event type, as when the
 * log is a sample; a list names the types.
 * @public
 */
export type HiddenEvents = 'unlogged' | 'any' | readonly EventType[];

/**
 * A mapping from an implementation's records (of type `R`) to log steps.
 * @public
 */
export interface Mapping<R = unknown> {
  /** The constants of the model instance the implementation runs. */
  readonly scenario: Scenario;
  /** Which events may happen unlogged between records. */
  readonly hidden: HiddenEvents;
  /** Every event type some record may stand for (what `hidden: 'unlogged'` excludes). */
  readonly logged: readonly EventType[];
  /**
   * The step a record stands for; null to skip the record (a heartbeat, a debug line); the
   * problems with it when it is malformed, located by `file` and `line`.
   */
  readonly map: (record: R, file: string, line: number) => Result<Omit<LogStep, 'line'> | null, InputError[]>;
}

/** The event types that may happen as hidden steps under a mapping. @public */
export function hiddenTypes(hidden: HiddenEvents, logged: readonly EventType[], all: readonly EventType[]): ReadonlySet<EventType> {
  if (hidden === 'any') return new Set(all);
  if (hidden === 'unlogged') return new Set(all.filter((t) => !logged.includes(t)));
  return new Set(hidden);
}
