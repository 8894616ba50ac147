/**
 * Chromium flags for a machine with no internet: no background traffic, no GPU.
 * Used by the agreement PDF printer, and by the browser tests (which add the fake
 * camera and microphone flags).
 */
export const OFFLINE_CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
];
