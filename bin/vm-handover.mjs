#!/usr/bin/env node
// The vm-handover binary: runs the compiled JavaScript in dist/ (built by `npm run build`, which
// `npm ci`, `npm install` and `npm pack` run through the prepare script), so a start costs no
// TypeScript compilation.
try {
  await import('../dist/src/cli/bin.js');
} catch (e) {
  // Only the build itself missing is explained; any other error is a real one and is rethrown.
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/src/cli/bin.js')) {
    process.stderr.write('vm-handover: the build is missing (dist/src/cli/bin.js): run `npm run build` (npm ci runs it)\n');
    process.exitCode = 2;
  } else throw e;
}
