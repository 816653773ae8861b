/**
 * Counterexample reconstruction by replay. The explorer keeps no states, only parent links and
 * action positions, so a trace is rebuilt by walking the links back to an initial state and
 * re-running `step` forwards. Each replayed state must be in the fingerprint set and match the
 * 16-bit fingerprint tag stored with its link: a mismatch means the system is not
 * deterministic, which would make every result meaningless.
 */

import { stateFingerprinter } from './fingerprint.ts';
import type { FingerprintSet } from './fingerprintSet.ts';
import { ParentLinks } from './parentLinks.ts';
import type { TraceStep } from './result.ts';
import type { TransitionSystem } from '../../models/system.ts';

/**
 * Rebuilds the trace from an initial state to state `target`.
 *
 * @remarks
 * The trace is a shortest one because parent links point to the state that
 * first discovered the target in breadth-first order.
 *
 * @throws Error when replay does not reproduce the stored fingerprints (a
 * non-deterministic `actions`, `step`, `encode` or `canonicalise`): a
 * programmer error, not a property of the model.
 * @internal
 */
export function rebuildTrace<S, A>(
  system: TransitionSystem<S, A>,
  canonicalise: ((s: S) => S) | undefined,
  visited: FingerprintSet,
  links: ParentLinks,
  target: number,
): TraceStep<S, A>[] {
  const path: number[] = [];
  let index = target;
  while (links.parentOf(index) >= 0) {
    path.push(index);
    index = links.parentOf(index);
  }
  const lanes = new Int32Array(2);
  const fingerprint = stateFingerprinter(system, canonicalise, lanes);
  const verify = (s: S, i: number): void => {
    fingerprint(s);
    const a = lanes[0] as number;
    const b = lanes[1] as number;
    if (!visited.has(a, b) || ParentLinks.tag(b) !== links.tagOf(i)) {
      throw new Error(
        `explore: replaying the trace to state #${target} diverged at state #${i}; ` +
          'actions, step, encode and canonicalise must be deterministic',
      );
    }
  };

  let state = system.initialStates[links.positionOf(index)] as S;
  verify(state, index);
  const trace: TraceStep<S, A>[] = [{ action: null, actionName: null, state }];
  for (let k = path.length - 1; k >= 0; k--) {
    const i = path[k] as number;
    const action = system.actions(state)[links.positionOf(i)];
    const next = action === undefined ? null : system.step(state, action);
    if (action === undefined || next === null) {
      throw new Error(
        `explore: replaying the trace to state #${target} found no accepted action at position ` +
          `${links.positionOf(i)}; actions and step must be deterministic`,
      );
    }
    verify(next, i);
    trace.push({ action, actionName: system.actionName(action), state: next });
    state = next;
  }
  return trace;
}
