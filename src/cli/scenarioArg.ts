/**
 * `--scenario NAME | --scenario-file FILE`, shared by the commands that run the model.
 * @internal
 */
import { scenarios } from '../../models/scenarios/index.ts';
import { formatInputError } from '../input/errors.ts';
import { loadScenarioFile } from '../input/scenarioFile.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Mutant } from '../mutants/catalog.ts';
import { findMutant, mutants } from '../mutants/catalog.ts';
import { UsageError } from './args.ts';

/** The scenario a command names; a usage error when unknown, unreadable or invalid. @internal */
export function resolveScenario(o: { readonly scenario?: string; readonly scenarioFile?: string }): Scenario {
  if (o.scenario !== undefined && o.scenarioFile !== undefined)
    throw new UsageError('give either --scenario or --scenario-file, not both');
  if (o.scenarioFile !== undefined) {
    const r = loadScenarioFile(o.scenarioFile);
    if (!r.ok) throw new UsageError(r.error.map(formatInputError).join('\n'));
    return r.value;
  }
  const name = o.scenario ?? 'default';
  const s = scenarios[name];
  if (s === undefined)
    throw new UsageError(`--scenario: unknown scenario "${name}"; expected one of ${Object.keys(scenarios).join(', ')}`);
  return s;
}

/** The mutant a command names, if any; a usage error when unknown. @internal */
export function resolveMutant(key: string | undefined): Mutant | undefined {
  if (key === undefined) return undefined;
  const m = findMutant(key);
  if (m === undefined)
    throw new UsageError(`--mutant: unknown mutant "${key}"; expected an id or name such as ${mutants.slice(0, 3).map((x) => `${x.id}/${x.name}`).join(', ')} (see vm-handover mutants)`);
  return m;
}
