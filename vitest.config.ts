import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'miniapp/**', 'web/**', 'data/**', '.cache/**'],
    globalSetup: ['./test/support/global-setup.ts'],
    // One Temporal dev server and one database serve the whole run; files run in parallel in forks.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
});
