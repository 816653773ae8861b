/**
 * Deep freezing for tests: a reducer that mutates a frozen state throws in strict mode (ESM is
 * always strict), so every state a test builds or receives is frozen through and through.
 */

/** Objects this module has frozen all the way down; shared substructures are walked once. */
const deeplyFrozen = new WeakSet<object>();

/**
 * Freezes `value` and everything reachable from it, and returns it.
 *
 * @remarks
 * Unlike a walk that stops at the first frozen object, this one descends into objects that
 * someone else froze shallowly (e.g. `Object.freeze(scenario)`), so nothing mutable hides
 * behind a frozen parent. States share structure from step to step, hence the memo.
 * @internal
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || deeplyFrozen.has(value)) return value;
  deeplyFrozen.add(value);
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
  return value;
}

/** Whether `value` and everything reachable from it is frozen (to test the helper itself). @internal */
export function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}
