/**
 * `vm-handover scenarios`, `mutants` and `diagram`: what the tool knows, one line each.
 * @internal
 */
import { scenarios } from '../../../models/scenarios/index.ts';
import { lifecycleMermaid } from '../../lifecycle/mermaid.ts';
import { mutants } from '../../mutants/catalog.ts';
import type { Io } from '../io.ts';

/** Lists the named scenarios. @internal */
export function scenariosCommand(flags: { readonly json?: boolean }, io: Io): number {
  const rows = Object.values(scenarios).map((s) => ({
    name: s.name,
    nodes: s.nodes.length,
    units: s.units.length,
    unreassignable: s.units.filter((u) => u.unreassignable).length,
    bounds: s.bounds,
    description: s.description,
  }));
  if (flags.json) io.out(`${JSON.stringify({ command: 'scenarios', scenarios: rows }, null, 2)}\n`);
  else
    for (const r of rows)
      io.out(`${r.name.padEnd(11)} ${r.description}; bounds: faults ${r.bounds.faults}, sched ${r.bounds.schedChanges}, writes ${r.bounds.guestWrites}, attempts ${r.bounds.attempts}\n`);
  return 0;
}

/** Lists the seeded bugs. @internal */
export function mutantsCommand(flags: { readonly json?: boolean }, io: Io): number {
  if (flags.json)
    io.out(`${JSON.stringify({ command: 'mutants', mutants: mutants.map(({ handlers: _h, ...m }) => m) }, null, 2)}\n`);
  else for (const m of mutants) io.out(`${m.id} ${m.name.padEnd(28)} caught by ${m.caughtBy.join('/').padEnd(14)} ${m.description}\n`);
  return 0;
}

/** Prints the Mermaid lifecycle diagram. @internal */
export function diagramCommand(flags: { readonly json?: boolean }, io: Io): number {
  const mermaid = lifecycleMermaid();
  io.out(flags.json ? `${JSON.stringify({ command: 'diagram', format: 'mermaid', diagram: mermaid }, null, 2)}\n` : `${mermaid}\n`);
  return 0;
}
