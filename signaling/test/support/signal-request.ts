import type { Participant } from './browser';

/** Sends any protocol request from the page's own socket; resolves with the ack's outcome (`code` when refused). */
export const signalRequest = (p: Participant, request: string, payload: unknown) =>
  p.runWith(
    ([name, body]) =>
      (globalThis.__shuoshi!.client as unknown as { signal: { request(n: string, p: unknown): Promise<unknown> } }).signal
        .request(name, body)
        .then(
          () => ({ ok: true as boolean, code: undefined as string | undefined }),
          (err: { code?: string }) => ({ ok: false, code: err.code }),
        ),
    [request, payload] as const,
  );
