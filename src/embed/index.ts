/**
 * Embedding the model: the reducer as xstate actor logic.
 */
export type { HandoverActorContext, HandoverLogic, HandoverLogicOptions } from './actor.ts';
export { handoverLogic } from './actor.ts';
