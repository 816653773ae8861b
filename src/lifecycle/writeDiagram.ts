/**
 * Rewrites the generated block of docs/lifecycle.md from the machine.
 *
 * @remarks
 * Run `npx tsx src/lifecycle/writeDiagram.ts` after changing `models/lifecycle.ts` (or
 * `PHASES`); `test/lifecycle/diagram.test.ts` fails until the committed block matches.
 * @internal
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnyStateMachine } from 'xstate';
import { lifecycleMachine } from '../../models/lifecycle.ts';
import { lifecycleBlock, replaceBlock } from './doc.ts';
import { checkStateDiagram } from './mermaidCheck.ts';
import { lifecycleMermaid } from './mermaid.ts';

/** The document the block lives in. @internal */
export const LIFECYCLE_DOC = fileURLToPath(new URL('../../docs/lifecycle.md', import.meta.url));

/**
 * Rewrites the block of `path` and says whether it changed; refuses a diagram the checker rejects.
 * @internal
 */
export function writeDiagram(path: string = LIFECYCLE_DOC, machine: AnyStateMachine = lifecycleMachine): boolean {
  const problems = checkStateDiagram(lifecycleMermaid(machine));
  if (problems.length > 0) throw new Error(`the generated diagram is not valid:\n${problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n')}`);
  const before = readFileSync(path, 'utf8');
  const after = replaceBlock(before, lifecycleBlock(machine));
  if (after !== before) writeFileSync(path, after);
  return after !== before;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const changed = writeDiagram();
  console.log(changed ? `rewrote the lifecycle block of ${LIFECYCLE_DOC}` : `${LIFECYCLE_DOC} is up to date`);
}
