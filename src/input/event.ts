/**
 * Event JSON: one `HandoverEvent` as a user writes it, e.g. `{"type": "source/unitCopied", "unit": "u1"}`.
 *
 * @remarks
 * A Zod discriminated union on `type` with one strict object per event type. The list of types
 * is `EVENT_TYPES` and the fields come from `EVENT_PARAMS`, so nothing here restates the model.
 * Given a scenario, identifiers are also checked against it, so that a typo is reported as an
 * input error naming the known identifiers rather than as an R-01 rejection later.
 */
import { z } from 'zod';
import type { EventType, HandoverEvent } from '../model/events.ts';
import { EVENT_TYPES } from '../model/events.ts';
import type { Scenario } from '../model/scenario.ts';
import type { InputError } from './errors.ts';
import { describeValue, fromZodError } from './errors.ts';
import type { IdKind, ParamKind } from './eventParams.ts';
import { LEGS, paramsOf } from './eventParams.ts';
import type { Result } from './result.ts';
import { failure, success } from './result.ts';

/** The schema of one parameter of a given kind. @internal */
export function paramSchema(kind: ParamKind): z.ZodType<string | number> {
  if (kind === 'epoch' || kind === 'version')
    return z.int({ error: `expected ${article(kind)} (a non-negative integer)` }).min(0, { error: `expected ${article(kind)} (a non-negative integer)` });
  if (kind === 'leg') return z.enum(LEGS, { error: `expected a channel leg: ${LEGS.join(' or ')}` });
  return z.string({ error: `expected a ${kind} identifier (a string)` }).min(1, { error: `expected a ${kind} identifier (a non-empty string)` });
}

const article = (kind: string): string => (kind === 'epoch' ? 'an epoch' : `a ${kind}`);

const typeList = `one of the ${EVENT_TYPES.length} event types (${EVENT_TYPES.join(', ')})`;

const options = EVENT_TYPES.map((type) =>
  z.strictObject({
    type: z.literal(type),
    ...Object.fromEntries(paramsOf(type).map(([name, kind]) => [name, paramSchema(kind)])),
  }),
);

/**
 * The schema of an event: a discriminated union on `type` over every event type.
 * @public
 */
export const eventSchema: z.ZodType<HandoverEvent> = z.discriminatedUnion(
  'type',
  options as unknown as [(typeof options)[number], ...(typeof options)[number][]],
  { error: (issue) => (issue.code === 'invalid_union' ? `expected ${typeList}` : undefined) },
) as unknown as z.ZodType<HandoverEvent>;

/** The identifiers of each kind a scenario defines. @internal */
export function knownIds(scenario: Scenario, kind: IdKind): readonly string[] {
  if (kind === 'vm') return scenario.vms.map((v) => v.id);
  if (kind === 'hypervisor') return scenario.hypervisors.map((h) => h.id);
  return scenario.units.map((u) => u.id);
}

/**
 * Checks the identifiers an event names against a scenario: one error per unknown identifier.
 * @param pathOf - the JSON path of a parameter inside the file.
 * @internal
 */
export function checkEventIds(
  event: HandoverEvent,
  scenario: Scenario,
  file: string,
  pathOf: (param: string) => string,
): InputError[] {
  const out: InputError[] = [];
  const fields = event as unknown as Readonly<Record<string, unknown>>;
  for (const [name, kind] of paramsOf(event.type as EventType)) {
    if (kind !== 'vm' && kind !== 'hypervisor' && kind !== 'unit') continue;
    const known = knownIds(scenario, kind);
    const value = fields[name];
    if (typeof value === 'string' && !known.includes(value))
      out.push({ file, path: pathOf(name), expected: `one of ${known.join(', ')}`, got: describeValue(value) });
  }
  return out;
}

/**
 * Validates a parsed JSON value as an event.
 * @param json - the value, e.g. from `JSON.parse` or `readJsonFile`.
 * @param source - the file (or label) errors name.
 * @param scenario - when given, the identifiers the event names must be the scenario's.
 * @example
 * ```ts
 * const r = parseEvent({ type: 'source/unitCopied', unit: 'u1' }, 'event.json', tiny);
 * if (!r.ok) r.error.map(formatInputError).forEach((line) => console.error(line));
 * ```
 * @public
 */
export function parseEvent(json: unknown, source: string, scenario?: Scenario): Result<HandoverEvent, InputError[]> {
  const parsed = eventSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) return failure(fromZodError(source, parsed.error));
  if (scenario !== undefined) {
    const bad = checkEventIds(parsed.data, scenario, source, (name) => `$.${name}`);
    if (bad.length > 0) return failure(bad);
  }
  return success(parsed.data);
}
