import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'projections/**/*.spec.ts', 'read-models/**/*.spec.ts', 'test/**/*.spec.ts', 'web/**/*.spec.ts', 'web/**/*.spec.tsx'],
    globalSetup: ['test/support/web-build.global-setup.ts', 'test/support/postgres.global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    setupFiles: ['reflect-metadata'],
  },
});
