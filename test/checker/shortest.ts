/**
 * Shortest counterexamples by breadth-first search over `enabledTransitions`: the yardstick the
 * checker's shrunk traces are measured against.
 */
import type { HandoverEvent } from '../../src/model/events.ts';
import { enabledTransitions } from '../../src/model/enabled.ts';
import { initialState } from '../../src/model/init.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import type { ServerState } from '../../src/model/state.ts';
import type { Step } from '../../src/model/step.ts';
import { invariants } from '../../properties/invariants.ts';
import { disagreement, initialOracle, oracleStep } from '../../models/oracle.ts';
import type { OracleState } from '../../models/oracle.ts';

/** A shortest trace to a violation, with the ids broken at its last state. */
export interface Shortest {
  readonly events: readonly HandoverEvent[];
  readonly ids: readonly string[];
  readonly statesVisited: number;
}

interface Node {
  readonly s: ServerState;
  readonly o: OracleState;
  readonly parent: Node | null;
  readonly event: HandoverEvent | null;
}

function brokenIds(n: Node, event: HandoverEvent | null, oracle: boolean): string[] {
  const ids = invariants.filter((inv) => inv.check(n.s) !== null).map((inv) => inv.id);
  if (oracle && event !== null) {
    const r = oracleStep(n.parent!.o, event, n.s.scenario);
    if (!r.ok || disagreement(r.state, n.s) !== null) ids.push('ORACLE');
  }
  return ids;
}

/**
 * The shortest trace (in events) from the initial state to a state breaking any of `ids`
 * (invariant ids, or `ORACLE`), or null when none within `maxStates` states.
 */
export function shortestViolation(scenario: Scenario, step: Step, ids: readonly string[], maxStates = 2_000_000): Shortest | null {
  // The oracle's state is part of a node only when an oracle disagreement is a goal: it
  // multiplies the states to visit.
  const oracle = ids.includes('ORACLE');
  const root: Node = { s: initialState(scenario), o: initialOracle(scenario), parent: null, event: null };
  const seen = new Set<string>();
  const key = (n: Node): string =>
    JSON.stringify([n.s.units, n.s.hypervisors, n.s.vms, n.s.sp, n.s.channel, n.s.handover, n.s.completed, n.s.rolledBack, n.s.used, oracle ? n.o : null]);
  seen.add(key(root));
  let level: Node[] = [root];
  while (level.length > 0) {
    const next: Node[] = [];
    for (const n of level) {
      for (const t of enabledTransitions(n.s, step)) {
        const r = oracle ? oracleStep(n.o, t.event, scenario) : null;
        const child: Node = { s: t.state, o: r?.ok === true ? r.state : n.o, parent: n, event: t.event };
        const broken = brokenIds(child, t.event, oracle);
        if (broken.some((id) => ids.includes(id))) {
          const events: HandoverEvent[] = [];
          for (let m: Node | null = child; m !== null && m.event !== null; m = m.parent) events.unshift(m.event);
          return { events, ids: broken, statesVisited: seen.size };
        }
        // A state that breaks another property ends its path: a checker stops there too.
        if (broken.length > 0) continue;
        const k = key(child);
        if (seen.has(k)) continue;
        seen.add(k);
        if (seen.size > maxStates) return null;
        next.push(child);
      }
    }
    level = next;
  }
  return null;
}
