/** Milliseconds to make `calls` calls, `concurrency` at a time; each call gets its number (1-based). */
export async function timed(calls: number, concurrency: number, call: (n: number) => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next += 1;
        await call(next);
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}
