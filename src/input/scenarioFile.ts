/**
 * Scenario files: a user's own `Scenario` (src/model/scenario.ts) in JSON, validated in two
 * layers: the shape (Zod) and then the cross-references a shape cannot express.
 *
 * @remarks
 * The semantic checks are those the model takes for granted (C1.1 establishes one server with
 * a source and a target hypervisor): identifiers unique per kind, every unit on a declared node,
 * every VM had by a declared hypervisor, every possessed unit's VM declared, every home node
 * declared, bounds non-negative integers with at least one handover attempt, and at least two
 * hypervisors. They run only once the shape is valid, so their paths always exist.
 */
import { z } from 'zod';
import type { Scenario } from '../model/scenario.ts';
import type { InputError, PathSegment } from './errors.ts';
import { customIssue, describeValue, fromZodError } from './errors.ts';
import { readJsonFile } from './jsonFile.ts';
import type { Result } from './result.ts';
import { failure, success } from './result.ts';

const id = (what: string) =>
  z.string({ error: `expected ${what} identifier (a string)` }).min(1, { error: `expected ${what} identifier (a non-empty string)` });

const bound = (min: number, what: string) => z.int({ error: `expected ${what}` }).min(min, { error: `expected ${what}` });

const unitSchema = z.strictObject({
  id: id('a unit'),
  kind: z.enum(['processor', 'memory', 'io']),
  node: id('a node'),
  vm: z
    .string({ error: 'expected a VM identifier (a string) or null' })
    .min(1, { error: 'expected a VM identifier (a non-empty string) or null' })
    .nullable(),
  unreassignable: z.boolean(),
});

const shape = z.strictObject({
  name: z.string().min(1),
  // Optional in files: a user's scenario need not explain itself.
  description: z.string().default(''),
  nodes: z.array(id('a node')).min(1),
  hypervisors: z.array(z.strictObject({ id: id('a hypervisor'), homeNode: id('a node') })).min(2, {
    error: 'expected at least 2 hypervisors (a source and a target, C1.1)',
  }),
  vms: z.array(z.strictObject({ id: id('a VM'), holder: id('a hypervisor') })).min(1),
  units: z.array(unitSchema),
  bounds: z.strictObject({
    faults: bound(0, 'a non-negative integer'),
    schedChanges: bound(0, 'a non-negative integer'),
    guestWrites: bound(0, 'a non-negative integer'),
    attempts: bound(1, 'a positive integer (at least one handover attempt)'),
  }),
});

type Shape = z.infer<typeof shape>;
type Ctx = z.core.$RefinementCtx<Shape>;

/** Reports the second and later occurrences of an identifier. @internal */
function checkUnique(ctx: Ctx, ids: readonly string[], path: (i: number) => PathSegment[], what: string): void {
  const first = new Map<string, number>();
  ids.forEach((x, i) => {
    const at = first.get(x);
    if (at === undefined) first.set(x, i);
    else ctx.addIssue(customIssue(path(i), `a unique ${what} (already used at index ${at})`, describeValue(x)));
  });
}

/** Reports a reference to an identifier that is not declared. @internal */
function checkKnown(ctx: Ctx, value: string, known: readonly string[], path: PathSegment[]): void {
  if (!known.includes(value)) ctx.addIssue(customIssue(path, `one of ${[...new Set(known)].join(', ')}`, describeValue(value)));
}

/** The cross-reference checks. @internal */
function checkReferences(s: Shape, ctx: Ctx): void {
  const hvIds = s.hypervisors.map((h) => h.id);
  const vmIds = s.vms.map((v) => v.id);
  checkUnique(ctx, s.nodes, (i) => ['nodes', i], 'node');
  checkUnique(ctx, hvIds, (i) => ['hypervisors', i, 'id'], 'hypervisor id');
  checkUnique(ctx, vmIds, (i) => ['vms', i, 'id'], 'VM id');
  checkUnique(ctx, s.units.map((u) => u.id), (i) => ['units', i, 'id'], 'unit id');
  s.hypervisors.forEach((h, i) => checkKnown(ctx, h.homeNode, s.nodes, ['hypervisors', i, 'homeNode']));
  s.vms.forEach((v, i) => checkKnown(ctx, v.holder, hvIds, ['vms', i, 'holder']));
  s.units.forEach((u, i) => {
    checkKnown(ctx, u.node, s.nodes, ['units', i, 'node']);
    if (u.vm !== null) checkKnown(ctx, u.vm, vmIds, ['units', i, 'vm']);
  });
}

/**
 * The schema of a scenario file: shape, then cross-references.
 * @public
 */
export const scenarioSchema: z.ZodType<Scenario> = shape.superRefine(checkReferences);

/**
 * Validates a parsed JSON value as a scenario.
 * @param prefix - path of the scenario inside the file when it is embedded (an ITF trace's `#meta`).
 * @example
 * ```ts
 * const r = parseScenario(JSON.parse(text), 'my-server.json');
 * ```
 * @public
 */
export function parseScenario(json: unknown, source: string, prefix: readonly PathSegment[] = []): Result<Scenario, InputError[]> {
  const parsed = scenarioSchema.safeParse(json, { reportInput: true });
  return parsed.success ? success(parsed.data) : failure(fromZodError(source, parsed.error, prefix));
}

/**
 * Reads, parses and validates a scenario file; every failure is an `InputError`, never an exception.
 * @public
 */
export function loadScenarioFile(path: string): Result<Scenario, InputError[]> {
  const json = readJsonFile(path);
  return json.ok ? parseScenario(json.value, path) : json;
}
