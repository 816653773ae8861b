/**
 * Witness traces: for each transition of the lifecycle chart, a reducer trace that takes it.
 *
 * @remarks
 * The other direction of the refinement: REF-1 shows every reducer step is a chart transition;
 * this shows every chart transition is some reducer step, so the chart declares nothing the
 * reducer cannot do. A plain breadth-first search of `tiny` needs depth 16 for the first
 * completed handover and twice that for the retirement after a return trip (F12, F16), far past
 * a few seconds. So the search follows the protocol's happy path (the spine: the first enabled
 * protocol event, in `candidateEvents` order, until none is left) and runs a breadth-first search
 * of every event, faults included, to a small depth from each state of the spine. The traces
 * found are real reducer traces from the initial state; they are short, not shortest.
 */
import type { HandoverEvent } from '../model/events.ts';
import { EVENT_KINDS } from '../model/events.ts';
import { enabledTransitions } from '../model/enabled.ts';
import { initialState } from '../model/init.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ServerState } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import { step as referenceStep } from '../model/step.ts';
import { abstractStep } from '../../properties/refinement.ts';
import type { AbstractTransition } from '../../models/lifecycleChart.ts';
import { abstractTransitions } from '../../models/lifecycleChart.ts';

/** A reducer trace from a scenario's initial state whose last step takes `transition`. @public */
export interface Witness {
  readonly transition: AbstractTransition;
  readonly scenario: string;
  readonly events: readonly HandoverEvent[];
}

/** A reducer step that no chart transition allows (a REF-1 violation met during the search). @public */
export interface Unrefined {
  readonly scenario: string;
  readonly events: readonly HandoverEvent[];
  readonly explanation: string;
}

/** What the search found. @public */
export interface WitnessSearch {
  /** One witness per realised chart transition, by transition id. */
  readonly witnesses: ReadonlyMap<string, Witness>;
  /** The chart transitions no trace realised, in document order. */
  readonly unrealised: readonly AbstractTransition[];
  readonly unrefined: readonly Unrefined[];
  /** Distinct states visited and steps taken, summed over the scenarios searched. */
  readonly states: number;
  readonly steps: number;
}

/** Options of {@link findWitnesses}. @public */
export interface WitnessOptions {
  /** Breadth-first depth from each state of the spine (default 3). */
  readonly depth?: number;
  /** The reducer to search (default: the reference reducer). */
  readonly step?: Step;
  /** Longest spine followed (default 200 steps), a guard against a reducer that never settles. */
  readonly maxSpine?: number;
}

/** Unrefined steps kept: enough to show a broken reducer, not all of its steps. */
const MAX_UNREFINED = 100;

/** A state reached by the search, with the step that reached it (null for the initial state). @internal */
export interface SearchNode {
  readonly state: ServerState;
  readonly parent: SearchNode | null;
  readonly event: HandoverEvent | null;
}

function eventsTo(node: SearchNode): HandoverEvent[] {
  const out: HandoverEvent[] = [];
  for (let n: SearchNode | null = node; n !== null && n.event !== null; n = n.parent) out.push(n.event);
  return out.reverse();
}

/** The state without its constants: equal keys, equal states. */
function stateKey(s: ServerState): string {
  const { scenario: _constants, ...variables } = s;
  return JSON.stringify(variables);
}

/**
 * The protocol's happy path from the initial state: always the first enabled protocol event.
 * @internal
 */
export function protocolSpine(scenario: Scenario, step: Step = referenceStep, maxSpine = 200): SearchNode[] {
  const spine: SearchNode[] = [{ state: initialState(scenario), parent: null, event: null }];
  for (let i = 0; i < maxSpine; i++) {
    const last = spine[spine.length - 1]!;
    const next = enabledTransitions(last.state, step).find((t) => EVENT_KINDS[t.event.type] === 'protocol');
    if (next === undefined) break;
    spine.push({ state: next.state, parent: last, event: next.event });
  }
  return spine;
}

/**
 * Searches reducer traces of the scenarios, in order, for a witness of every chart transition;
 * a later scenario is searched only for what the earlier ones left unrealised.
 *
 * @example
 * ```ts
 * const { unrealised } = findWitnesses([tiny, defaultScenario]);
 * unrealised.map((t) => t.id); // [] when the reducer realises the whole chart
 * ```
 * @public
 */
export function findWitnesses(scenarios: readonly Scenario[], options: WitnessOptions = {}): WitnessSearch {
  const { depth = 3, step = referenceStep, maxSpine = 200 } = options;
  const all = abstractTransitions();
  const witnesses = new Map<string, Witness>();
  const unrefined: Unrefined[] = [];
  let states = 0;
  let steps = 0;
  for (const scenario of scenarios) {
    if (witnesses.size === all.length) break;
    const seen = new Set<string>();
    let frontier: SearchNode[] = [];
    for (const node of protocolSpine(scenario, step, maxSpine)) {
      const key = stateKey(node.state);
      if (!seen.has(key)) {
        seen.add(key);
        frontier.push(node);
      }
    }
    // Distance d from the spine; the spine's own steps are met as successors of their parents.
    for (let d = 1; d <= depth && frontier.length > 0; d++) {
      const next: SearchNode[] = [];
      for (const node of frontier) {
        for (const t of enabledTransitions(node.state, step)) {
          steps++;
          const r = abstractStep(node.state, t.event, t.state);
          const child: SearchNode = { state: t.state, parent: node, event: t.event };
          if (!r.ok) {
            if (unrefined.length < MAX_UNREFINED) unrefined.push({ scenario: scenario.name, events: eventsTo(child), explanation: r.explanation });
          } else if (!witnesses.has(r.transition.id))
            witnesses.set(r.transition.id, { transition: r.transition, scenario: scenario.name, events: eventsTo(child) });
          if (d === depth) continue;
          const key = stateKey(t.state);
          if (seen.has(key)) continue;
          seen.add(key);
          next.push(child);
        }
      }
      frontier = next;
    }
    states += seen.size;
  }
  return { witnesses, unrealised: all.filter((t) => !witnesses.has(t.id)), unrefined, states, steps };
}
