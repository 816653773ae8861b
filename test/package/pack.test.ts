/**
 * The package as a user gets it: `npm pack`, the tarball installed into a fresh project, the
 * public API imported from plain Node (no TypeScript loader), a TypeScript consumer type-checked
 * against the shipped .d.ts, and the installed binary run.
 *
 * @remarks
 * Offline by construction: the consumer gets a lockfile naming the tarball and, for its
 * dependencies, the repository's own locked versions and checksums, and `npm ci --offline`
 * installs them from npm's cache, which the repository's `npm ci` filled (a plain
 * `npm install --offline` of the tarball would need the registry's metadata, which no `npm ci`
 * caches). Where the cache lacks them (a cleaned or separate cache), the test falls back to
 * linking the repository's installed copies into the project, as a workspace would, and says
 * so; it never reaches the registry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repo, staleBuild } from './build.ts';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
};

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(cmd: string, args: readonly string[], cwd: string): Run {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

type LockEntry = { dependencies?: Record<string, string>; dev?: boolean; devOptional?: boolean; [k: string]: unknown };

/**
 * A lockfile for a project that depends on the tarball alone: the tarball's own entry (with its
 * checksum) and, for its dependencies, the repository's lock entries, versions and checksums.
 * `npm ci --offline` then installs exactly what the repository was tested with from npm's cache.
 */
function consumerLock(tarball: string, name: string): object {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const packages: Record<string, LockEntry> = {
    '': { name: 'consumer', dependencies: { [pkg.name]: `file:${name}` } },
    [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: `file:${name}`, integrity, dependencies: pkg.dependencies, bin: pkg.bin },
  };
  const todo = Object.keys(pkg.dependencies);
  for (let dep = todo.pop(); dep !== undefined; dep = todo.pop()) {
    const key = `node_modules/${dep}`;
    if (packages[key] !== undefined) continue;
    const entry = lock.packages[key];
    if (entry === undefined) throw new Error(`package-lock.json has no ${key} (a nested dependency?)`);
    const { dev: _dev, devOptional: _opt, ...rest } = entry;
    packages[key] = rest;
    todo.push(...Object.keys(entry.dependencies ?? {}));
  }
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

/** Installs the tarball and its dependencies without the registry: npm's cache, else links to ours. */
function installOffline(project: string, tarball: string): 'npm ci --offline' | 'linked' {
  const name = basename(tarball);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { [pkg.name]: `file:${name}` } }, null, 2));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(consumerLock(tarball, name), null, 2));
  const r = run(npm, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
  if (r.status === 0) return 'npm ci --offline';
  console.warn(`npm ci --offline failed (npm's cache lacks a dependency?); linking the repository's node_modules instead:\n${r.stderr}`);
  const target = join(project, 'node_modules', pkg.name);
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  for (const dep of Object.keys(pkg.dependencies)) {
    const link = join(project, 'node_modules', dep);
    mkdirSync(join(link, '..'), { recursive: true });
    if (!existsSync(link)) symlinkSync(join(repo, 'node_modules', dep), link, 'dir');
  }
  mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(join(target, 'bin', 'vm-handover.mjs'), join(project, 'node_modules', '.bin', 'vm-handover'));
  return 'linked';
}

describe('the npm package, installed from its tarball into a fresh project', () => {
  let project: string;
  let files: string[];

  beforeAll(() => {
    const stale = staleBuild();
    if (stale !== null) throw new Error(stale);
    const work = mkdtempSync(join(tmpdir(), 'vm-handover-pack-'));
    // --ignore-scripts: dist/ is the build just checked fresh; prepare would only build it again.
    const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: repo, encoding: 'utf8' })) as {
      filename: string;
      files: { path: string }[];
    }[];
    files = packed[0]!.files.map((f) => f.path);
    // The tarball sits inside the project, so the lock's `file:` path is the same on every machine.
    project = join(work, 'consumer');
    mkdirSync(project);
    renameSync(join(work, packed[0]!.filename), join(project, packed[0]!.filename));
    const how = installOffline(project, join(project, packed[0]!.filename));
    console.log(`installed ${packed[0]!.filename} (${files.length} files) with ${how}`);
  }, 120_000);

  it('ships the build, its declarations and source maps, the binary, README and LICENSE, and no TypeScript sources or tests', () => {
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files).toContain('dist/src/index.js.map');
    expect(files).toContain('bin/vm-handover.mjs');
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /^(test|bench|src|models|properties|docs)\//.test(f))).toEqual([]);
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', pkg.name, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(installed.dependencies)).not.toContain('tsx');
  });

  it('plain Node 20 imports the public API and steps the reducer, and imports every named subpath', () => {
    const script = `
      import * as api from 'vm-handover';
      import * as model from 'vm-handover/model';
      import * as checker from 'vm-handover/checker';
      import * as explorer from 'vm-handover/explorer';
      import * as trace from 'vm-handover/trace';
      import * as conformance from 'vm-handover/conformance';
      const s0 = api.initialState(api.scenarios.tiny);
      const event = api.enabledEvents(s0)[0];
      const r = api.step(s0, event);
      const refusable = api.candidateEvents(s0).find((e) => !api.step(s0, e).ok);
      const refused = api.step(s0, refusable);
      console.log(JSON.stringify({
        event: api.formatEvent(event),
        ok: r.ok,
        changed: r.ok && r.state !== s0,
        violations: r.ok ? api.violations(r.state).length : -1,
        refusedSame: refused.state === s0 && typeof api.REJECTION_CODES[refused.rejection.code] === 'string',
        sameStep: model.step === api.step,
        checker: typeof checker.check, explorer: typeof explorer.explore, trace: typeof trace.toItf,
        conformance: conformance.validateSteps(api.scenarios.tiny, []).status,
      }));`;
    const r = run(process.execPath, ['--input-type=module', '-e', script], project);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toEqual({ event: expect.any(String), ok: true, changed: true, violations: 0, refusedSame: true, sameStep: true, checker: 'function', explorer: 'function', trace: 'function', conformance: 'conforms' });
  });

  it('keeps the modules behind the exports map: a deep import is refused', () => {
    const r = run(process.execPath, ['--input-type=module', '-e', `await import('vm-handover/dist/src/model/step.js')`], project);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('a TypeScript consumer type-checks against the shipped declarations, which reject a wrong event', () => {
    writeFileSync(join(project, 'consumer.ts'), `
import { initialState, scenarios, step, enabledEvents, violations } from 'vm-handover';
import type { HandoverEvent, ServerState, StepResult } from 'vm-handover';
import { type Trace, toItf } from 'vm-handover/trace';
import { check } from 'vm-handover/checker';
import { explore } from 'vm-handover/explorer';

const s0: ServerState = initialState(scenarios['tiny']!);
const e: HandoverEvent | undefined = enabledEvents(s0)[0];
const r: StepResult = e === undefined ? step(s0, { type: 'target/vmResumed' }) : step(s0, e);
const n: number = violations(r.state).length;
const t: Trace = { scenario: scenarios['tiny']!, initial: s0, steps: [] };
const itf: unknown = toItf(t);
void [n, itf, check, explore];
// @ts-expect-error: not an event of the model
step(s0, { type: 'sp/noSuchEvent' });
`);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
        // The shipped declarations are checked too, not skipped.
        skipLibCheck: false, types: ['node'], typeRoots: [join(repo, 'node_modules', '@types')],
      },
      files: ['consumer.ts'],
    }));
    const r = run(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);

  it('the installed binary runs from the consumer: npx vm-handover --help, --version and scenarios', () => {
    const help = run(npm, ['exec', '--offline', '--no', '--', 'vm-handover', '--help'], project);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: vm-handover /);
    expect(help.stdout).toMatch(/^ {2}view\b/m);
    const version = run(npm, ['exec', '--offline', '--no', '--', 'vm-handover', '--version'], project);
    expect(version.stdout.trim()).toBe(pkg.version);
    const scenarios = run(join(project, 'node_modules', '.bin', 'vm-handover'), ['scenarios', '--json'], project);
    expect(scenarios.status).toBe(0);
    expect((JSON.parse(scenarios.stdout) as { scenarios: { name: string }[] }).scenarios.map((s) => s.name)).toContain('tiny');
  });
});
