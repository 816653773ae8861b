import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { paramsOf } from '../../src/input/eventParams.ts';
import { EVENT_KINDS, EVENT_TYPES } from '../../src/model/events.ts';
import { cli } from './helpers.ts';

const repoFile = (p: string): string => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');
const docs = repoFile('docs/cli.md');

/** The text of docs/cli.md from the heading `## <title>` to the next `## ` heading. */
function section(title: string): string {
  const start = docs.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`docs/cli.md has no section "## ${title}"`);
  const end = docs.indexOf('\n## ', start + 1);
  return docs.slice(start, end === -1 ? undefined : end);
}

describe('docs/cli.md is kept in step with the command line', () => {
  it('the example scenario file is printed in full, so the documentation cannot drift from the file', () => {
    expect(docs).toContain(`\`\`\`json\n${repoFile('models/scenarios/example.json')}\`\`\``);
  });

  for (const [command, title] of [['check', 'check'], ['explore', 'explore'], ['merge', 'merge'], ['replay', 'replay'], ['view', 'view'], ['monitor', 'monitor'], ['validate', 'validate']] as const)
    it(`every flag of \`${command} --help\` is documented in its section`, async () => {
      const help = (await cli([command, '--help'])).out;
      const flags = [...new Set([...help.matchAll(/(?<=^ {2}|, )--[a-z-]+/gm)].map((m) => m[0]))].filter((f) => f !== '--help');
      expect(flags.length).toBeGreaterThan(1);
      const text = section(title);
      for (const f of flags) expect(text, f).toContain(f);
    });

  it('the event table lists every event type with its parameters and kind, in the model\'s order', () => {
    const rows = [...section('monitor').matchAll(/^\| `([a-z]+\/[A-Za-z]+)` \| (.*) \| ([a-z]+) \|$/gm)];
    expect(rows.map((r) => r[1])).toEqual([...EVENT_TYPES]);
    for (const [, type, params, kind] of rows) {
      const expected = paramsOf(type as (typeof EVENT_TYPES)[number]).map(([name, k]) => `\`${name}\` (${k})`).join(', ');
      expect(params, type).toBe(expected === '' ? '—' : expected);
      expect(kind, type).toBe(EVENT_KINDS[type as (typeof EVENT_TYPES)[number]]);
    }
  });
});
