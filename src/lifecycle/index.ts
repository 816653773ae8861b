/**
 * The lifecycle statechart's public surface: reading the chart, drawing it, checking drawings,
 * and finding reducer traces for its transitions. The machine itself is `models/lifecycle.ts`;
 * the refinement property REF-1 is `properties/refinement.ts`.
 */
export type { AbstractTransition } from '../../models/lifecycleChart.ts';
export { abstractTransitions, describeTransition, formatStateValue, LEAF_VALUES, nodeName, stateNodes } from '../../models/lifecycleChart.ts';
export { lifecycleMermaid, stutterTable, transitionTable } from './mermaid.ts';
export type { MermaidProblem } from './mermaidCheck.ts';
export { checkStateDiagram } from './mermaidCheck.ts';
export { BLOCK_BEGIN, BLOCK_END, extractBlock, lifecycleBlock, replaceBlock } from './doc.ts';
export type { Unrefined, Witness, WitnessOptions, WitnessSearch } from './witnesses.ts';
export { findWitnesses } from './witnesses.ts';
