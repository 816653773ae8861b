/**
 * The ITF schema of our traces: one codec per state variable, the `mbt::` action variables, the
 * `#meta` block and the whole document.
 *
 * @remarks
 * State variables are the fields of `ServerState` except `scenario`, which is a constant and
 * lives once in `#meta` (like a TLA+ CONSTANTS block) rather than in every state. The codecs are
 * typed against the model's interfaces, so a new field in `state.ts` fails to compile here.
 * How each field is written is documented in docs/itf.md.
 */
import { z } from 'zod';
import type {
  AbortReason,
  Handover,
  HypervisorState,
  Message,
  Place,
  ServerState,
  UnitState,
  VmState,
} from '../model/state.ts';
import { PHASES } from '../model/state.ts';
import { LEGS, PARAM_NAMES } from '../input/eventParams.ts';
import { customIssue } from '../input/errors.ts';
import { scenarioSchema } from '../input/scenarioFile.ts';
import type { Codec, ItfValue } from './codec.ts';
import { bool, int, literals, map, option, record, seq, set, str, UNIT, unitSchema } from './codec.ts';

/**
 * Where a unit is, as a Quint variant: `{"tag": "managed", "value": "hA"}`, `{"tag": "free", "value": {"#tup": []}}`
 * or `{"tag": "inFlight", "value": {"#tup": []}}`.
 * @internal
 */
export const placeCodec: Codec<Place> = {
  schema: z
    .discriminatedUnion(
      'tag',
      [
        z.strictObject({ tag: z.literal('managed'), value: z.string() }),
        z.strictObject({ tag: z.literal('free'), value: unitSchema }),
        z.strictObject({ tag: z.literal('inFlight'), value: unitSchema }),
      ],
      { error: (i) => (i.code === 'invalid_union' ? 'expected a place: a variant tagged managed, free or inFlight' : undefined) },
    )
    .transform((v): Place => (v.tag === 'managed' ? { kind: 'managed', by: v.value } : { kind: v.tag })),
  encode: (p) => (p.kind === 'managed' ? { tag: 'managed', value: p.by } : { tag: p.kind, value: UNIT }),
};

/** Every abort reason, listed for the decoder; the check below keeps it total. @internal */
const ABORT_REASONS = ['operator', 'sourceCrashed', 'targetCrashed', 'spReset', 'transferFailed', 'timeout'] as const;
// Compile-time: fails when `AbortReason` gains a member this list lacks.
const abortReasonsTotal: Exclude<AbortReason, (typeof ABORT_REASONS)[number]> extends never ? true : never = true;
void abortReasonsTotal;

const copyCodec = record({ node: str, version: int, dirty: bool });
const originalCodec = record({ node: str, version: int });

const unitCodec: Codec<UnitState> = record({
  place: placeCodec,
  node: str,
  vm: option(str),
  pinnedTo: option(str),
  written: int,
  held: int,
  copy: option(copyCodec),
  original: option(originalCodec),
  ghost: record({
    before: option(record({ place: placeCodec, node: str, pinnedTo: option(str), copy: option(copyCodec), original: option(originalCodec) })),
    copiedAt: seq(int),
  }),
});

const hypervisorCodec: Codec<HypervisorState> = record({
  status: literals(['running', 'crashed', 'retired']),
  config: option(record({ epoch: int })),
  sched: option(record({ vm: str, epoch: int, version: int, applied: int })),
});

const hvBeforeCodec = record({
  config: option(record({ epoch: int })),
  sched: option(record({ vm: str, epoch: int, version: int, applied: int })),
});

const vmCodec: Codec<VmState> = record({ holder: str, dispatchedBy: set(str), schedVersion: int });

const messageCodec: Codec<Message> = record({
  leg: literals(LEGS),
  to: str,
  vm: str,
  epoch: int,
  version: int,
});

const handoverCodec: Codec<Handover> = record({
  vm: str,
  source: str,
  target: str,
  epoch: int,
  phase: literals(PHASES),
  targetNode: str,
  reassignable: set(str),
  unreassignable: set(str),
  classified: bool,
  lastSent: option(int),
  versionsSent: int,
  frozenVersion: option(int),
  commits: int,
  abortReason: option(literals(ABORT_REASONS)),
  resumedWith: option(int),
  ghost: record({ partialTransfer: bool, schedRaced: bool, recopied: bool, spReset: bool, pinDetected: bool }),
});

/** The state variables of a server state: everything but the constants. @public */
export type StateVariables = Omit<ServerState, 'scenario'>;

/**
 * One codec per state variable, in the order of `vars`.
 * @internal
 */
export const STATE_CODECS = {
  units: map(unitCodec),
  hypervisors: map(hypervisorCodec),
  vms: map(vmCodec),
  sp: record({ epoch: int }),
  // A multiset the model keeps sorted: a sequence, since an ITF set cannot hold a message twice (F17).
  channel: seq(messageCodec),
  handover: option(handoverCodec),
  completed: int,
  rolledBack: int,
  used: record({ faults: int, schedChanges: int, guestWrites: int, attempts: int }),
  ghost: record({
    before: option(record({ holder: str, dispatchedBy: set(str), source: hvBeforeCodec, target: hvBeforeCodec })),
    frozenAt: option(int),
    commit: option(record({ spEpoch: int, targetSched: option(record({ epoch: int, version: int })) })),
    resume: option(record({ version: option(int) })),
  }),
} as const;

// Compile-time: the codecs cover exactly the state variables (a missing one fails the first line,
// an extra one the second).
const variablesCodec: Codec<StateVariables> = record(STATE_CODECS);
const noExtraVariable: Exclude<keyof typeof STATE_CODECS, keyof StateVariables> extends never ? true : never = true;
void noExtraVariable;

/** The state variable names, in the order `vars` lists them. @public */
export const STATE_VARS = Object.keys(STATE_CODECS) as readonly (keyof StateVariables)[];

/** Quint's variable recording the action that led to a state (`init` for the first). @public */
export const ACTION_TAKEN = 'mbt::actionTaken';
/** Quint's variable recording the nondeterministic choices of that action: our event's parameters. @public */
export const NONDET_PICKS = 'mbt::nondetPicks';
/** The action name of the initial state, as Quint writes it. @public */
export const INIT_ACTION = 'init';

/**
 * The state variables of a server state as ITF values, keyed by variable name.
 * @public
 */
export function encodeState(s: ServerState): Readonly<Record<string, ItfValue>> {
  return variablesCodec.encode(s) as Readonly<Record<string, ItfValue>>;
}

/** The decoded `mbt::nondetPicks` record: each parameter name, picked or not. @internal */
export type NondetPicks = Readonly<Record<string, string | number | null>>;

/**
 * `mbt::nondetPicks`: a record with one Option per parameter name of any event
 * (`PARAM_NAMES`), `Some` for the parameters of the action taken, `None` for the others.
 * @internal
 */
export const picksCodec: Codec<NondetPicks> = record(
  Object.fromEntries(
    [...PARAM_NAMES].map(([name, kind]) => [name, kind === 'epoch' || kind === 'version' ? option(int) : option(str)]),
  ),
) as Codec<NondetPicks>;

/** The schema of one ITF state: `#meta`, the state variables and the two `mbt::` variables. @internal */
export const itfStateSchema = z.object({
  '#meta': z.looseObject({ index: z.int().min(0).optional() }).optional(),
  ...Object.fromEntries(STATE_VARS.map((v) => [v, STATE_CODECS[v].schema])),
  [ACTION_TAKEN]: z.string({ error: `expected the action taken: "${INIT_ACTION}" or an event type` }),
  [NONDET_PICKS]: picksCodec.schema,
});

/** A decoded ITF state, before it is assembled into a `ServerState`. @internal */
export type DecodedItfState = StateVariables & {
  readonly '#meta'?: { readonly index?: number | undefined } | undefined;
  readonly [ACTION_TAKEN]: string;
  readonly [NONDET_PICKS]: NondetPicks;
};

/** The violated invariant recorded in `#meta`. @internal */
const violationSchema = z.strictObject({ id: z.string(), name: z.string(), explanation: z.string() });

/**
 * The schema of `#meta`: the scenario (our constants) is required; the seed, replay path, mutant
 * and violation are optional; other keys (Quint's `status`, `timestamp`, ...) are allowed and ignored.
 * @internal
 */
export const itfMetaSchema = z.looseObject({
  format: z.literal('ITF').optional(),
  scenario: scenarioSchema,
  seed: z.string().optional(),
  replayPath: z.string().optional(),
  mutant: z.string().optional(),
  violation: violationSchema.optional(),
});

/**
 * The schema of a whole ITF document as we read it. `vars` must list every state variable;
 * `params` and `loop` are allowed (ADR-015) and ignored: our traces are finite.
 * @public
 */
export const itfDocumentSchema = z
  .object({
    '#meta': itfMetaSchema,
    params: z.array(z.string()).optional(),
    vars: z.array(z.string()),
    states: z.array(itfStateSchema).min(1, { error: 'expected at least one state (the initial state)' }),
    loop: z.int().optional(),
  })
  .superRefine((doc, ctx) => {
    const missing = [...STATE_VARS, ACTION_TAKEN, NONDET_PICKS].filter((v) => !doc.vars.includes(v));
    if (missing.length > 0) ctx.addIssue(customIssue(['vars'], `a list naming ${missing.join(', ')}`, `a list without them`));
  });
