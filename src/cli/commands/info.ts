/**
 * `vm-handover scenarios`, `mutants` and `diagram`: what the tool knows, one line each.
 * @internal
 */
import { scenarios } from '../../../models/scenarios/index.ts';
import type { Io } from '../io.ts';

// The catalog and the chart load the reducer and xstate: imported by the commands that need them,
// so `vm-handover scenarios` starts without them (docs/performance.md, "CLI start").

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
export async function mutantsCommand(flags: { readonly json?: boolean }, io: Io): Promise<number> {
  const { mutants } = await import('../../mutants/catalog.ts');
  if (flags.json)
    io.out(`${JSON.stringify({ command: 'mutants', mutants: mutants.map(({ handlers: _h, ...m }) => m) }, null, 2)}\n`);
  else for (const m of mutants) io.out(`${m.id} ${m.name.padEnd(28)} caught by ${m.caughtBy.join('/').padEnd(14)} ${m.description}\n`);
  return 0;
}

/** Prints the Mermaid lifecycle diagram. @internal */
export async function diagramCommand(flags: { readonly json?: boolean }, io: Io): Promise<number> {
  const mermaid = (await import('../../lifecycle/mermaid.ts')).lifecycleMermaid();
  io.out(flags.json ? `${JSON.stringify({ command: 'diagram', format: 'mermaid', diagram: mermaid }, null, 2)}\n` : `${mermaid}\n`);
  return 0;
}
