import type { Response } from 'supertest';

/**
 * Repeats `request` until it answers `status` (a dependency coming back takes a reconnect or two), and
 * returns that response; after `timeoutMs`, fails with the last answer.
 */
export async function untilStatus(request: () => Promise<Response>, status: number, timeoutMs = 15_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request();
    if (res.status === status) return res;
    if (Date.now() >= deadline) {
      throw new Error(`still ${res.status} (${JSON.stringify(res.body)}) after ${timeoutMs} ms, expected ${status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
