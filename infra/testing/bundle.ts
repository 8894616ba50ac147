/**
 * Bundles a browser-side test script (TypeScript, importing npm packages such as
 * mediasoup-client from node_modules) into one IIFE string to hand to a page.
 */
import { build } from 'esbuild';

const cache = new Map<string, Promise<string>>();

export interface BundleOptions {
  /** Expose the entry's exports as `window[globalName]`. */
  globalName?: string;
  /** Compile-time constants, e.g. { 'process.env.NODE_ENV': '"test"' }. */
  define?: Record<string, string>;
}

/** The bundled script for `entry` (an absolute path); memoised per entry and options. */
export function bundleForBrowser(entry: string, opts: BundleOptions = {}): Promise<string> {
  const key = JSON.stringify([entry, opts]);
  let pending = cache.get(key);
  if (!pending) {
    pending = build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome110',
      sourcemap: 'inline',
      logLevel: 'silent',
      ...(opts.globalName ? { globalName: opts.globalName } : {}),
      define: { 'process.env.NODE_ENV': '"test"', ...opts.define },
    }).then((r) => {
      const out = r.outputFiles[0];
      if (!out) throw new Error(`esbuild produced no output for ${entry}`);
      return out.text;
    });
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}
