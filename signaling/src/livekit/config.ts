/**
 * The LiveKit endpoint's settings: the API key and secret with which our session API
 * signs LiveKit access tokens and `/rtc` and the Twirp room service check them.
 * Both unset: the endpoint is off. Read apart from the main schema so that no error
 * message ever quotes the secret (the main one echoes the bad value).
 */
export interface LiveKitConfig {
  apiKey: string;
  apiSecret: string;
}

/** A key as LiveKit's own tooling makes them (`API` + letters), or any short plain name. */
const API_KEY = /^[A-Za-z0-9_-]{3,64}$/;
/** LiveKit's server refuses secrets shorter than 32 characters; so do we. */
const MIN_SECRET = 32;

/** Problems with LIVEKIT_* (empty: fine), each naming the variable and never the secret's value. */
export function liveKitProblems(env: NodeJS.ProcessEnv): string[] {
  const key = env['LIVEKIT_API_KEY']?.trim() ?? '';
  const secret = env['LIVEKIT_API_SECRET'] ?? '';
  if (!key && !secret) return [];
  if (!key || !secret) return ['LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set together'];
  const problems: string[] = [];
  if (!API_KEY.test(key)) problems.push(`LIVEKIT_API_KEY: 3-64 letters, digits, '_' or '-' (got ${JSON.stringify(key.slice(0, 64))})`);
  if (secret.length < MIN_SECRET || /\s/.test(secret)) problems.push(`LIVEKIT_API_SECRET: at least ${MIN_SECRET} characters, no spaces (its value is not shown)`);
  return problems;
}

/** The settings, or undefined when the endpoint is off; call after `liveKitProblems` found none. */
export function readLiveKitConfig(env: NodeJS.ProcessEnv): LiveKitConfig | undefined {
  const key = env['LIVEKIT_API_KEY']?.trim();
  const secret = env['LIVEKIT_API_SECRET'];
  return key && secret ? { apiKey: key, apiSecret: secret } : undefined;
}

/** What start-up logs about the endpoint (never the secret). */
export function liveKitStatus(c: LiveKitConfig | undefined): { livekit: 'on' | 'off'; apiKey?: string; why?: string } {
  return c ? { livekit: 'on', apiKey: c.apiKey } : { livekit: 'off', why: 'LIVEKIT_API_KEY and LIVEKIT_API_SECRET are not set' };
}
