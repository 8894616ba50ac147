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
    // expect.poll waits for an event (a page showing a state); its 1 s default is a
    // wall-clock budget that a loaded 2-core machine misses. 15 s is a hang guard only.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest-results.json' },
  },
});
