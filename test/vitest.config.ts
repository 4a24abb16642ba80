import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    // test/corpus/ reads a corpus outside the project: only when RELAY_TEST_CORPUS says where (CI does).
    include: ['test/**/*.test.ts'],
    exclude: process.env.RELAY_TEST_CORPUS ? ['**/node_modules/**'] : ['**/node_modules/**', 'test/corpus/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
