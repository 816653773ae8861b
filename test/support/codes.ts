/**
 * The rejection codes a handler can return, read from its source, so that tests and the spec
 * check can be compared with the reducer instead of a list kept by hand.
 */
import type { EventType } from '../../src/model/events.ts';
import type { RejectionCode } from '../../src/model/rejection.ts';
import { referenceHandlers } from '../../src/model/step.ts';

/**
 * The codes a reference handler can return: the literal codes in its source, plus R-05 and
 * R-06 when it calls `actorGuard` (running, configured in the current epoch).
 * @internal
 */
export function codesIn(type: EventType): Set<RejectionCode> {
  const source = referenceHandlers[type].toString();
  const codes = new Set([...source.matchAll(/R-\d\d/g)].map((m) => m[0] as RejectionCode));
  if (/\bactorGuard\b/.test(source)) {
    codes.add('R-05');
    codes.add('R-06');
  }
  return codes;
}
