/**
 * The build in dist/ that the packaging and browser tests use: `npm test` builds it first
 * (`npm run build`); a test run without it, or with a build older than the sources, fails with
 * what to run instead of testing stale JavaScript.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repo = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/**
 * Why dist/ cannot be trusted, or null when every source under src/, models/ and properties/
 * has a compiled file at least as new as itself.
 */
export function staleBuild(): string | null {
  for (const src of ['src', 'models', 'properties'].flatMap((d) => sources(join(repo, d)))) {
    const rel = relative(repo, src);
    const built = join(repo, 'dist', rel.replace(/\.ts$/, '.js'));
    if (!existsSync(built)) return `dist/ has no ${relative(repo, built)}: run npm run build (npm test does it first)`;
    if (statSync(built).mtimeMs < statSync(src).mtimeMs) return `${relative(repo, built)} is older than ${rel}: run npm run build (npm test does it first)`;
  }
  return null;
}
