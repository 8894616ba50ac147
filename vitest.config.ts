import { defineConfig } from 'vitest/config';

// One run for the whole monorepo. Browser and media tests start real Chromium,
// mediasoup workers and ffmpeg: on a 2-core machine they run one file at a time.
export default defineConfig({
  test: {
    include: [
      '{signaling,sfu,db,web}/{src,test}/**/*.test.{ts,tsx}',
      'signaling/protocol/src/**/*.test.ts',
      // every benchmark at its smoke size, so none can rot unnoticed
      'infra/bench/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest-results.json' },
  },
});
