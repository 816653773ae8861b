import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    // Suites check in beforeAll; on a loaded 2-core machine a 1000-run check outlasts the 10 s default.
    hookTimeout: 120_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'models/**/*.ts', 'properties/**/*.ts'],
      exclude: ['src/cli/bin.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90, branches: 90 },
    },
  },
});
