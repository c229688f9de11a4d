import { defineConfig } from 'vitest/config';

/** Accuracy evaluations on held-out seeds: long, so not part of `npm test`. */
export default defineConfig({
  test: {
    include: ['test/eval/**/*.test.ts'],
    testTimeout: 600_000,
    pool: 'forks',
  },
});
