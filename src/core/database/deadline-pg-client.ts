import { Client } from 'pg';

/** What node-postgres rejects a query with when `query_timeout` passes without an answer. */
export const QUERY_TIMEOUT_MESSAGE = 'Query read timeout';

/**
 * node-postgres with `query_timeout` rejects a query that got no answer in time but keeps the connection,
 * still waiting for that answer: the pool would hand it to the next request, which queues behind the lost
 * query and times out in turn, so the pool never recovers. After a timeout the connection's state is
 * unknown, so this client ends it (`end()` drops a connection with a query in flight at once), and the pool
 * opens a fresh one for the next caller.
 */
export class DeadlinePgClient extends Client {
  // Typed loosely: `query` has eight overloads, and this only observes what any of them returns.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (error: unknown, ...rest: unknown[]) => {
        this.abandonAfter(error);
        (last as (...a: unknown[]) => void)(error, ...rest);
      };
    }
    const result: unknown = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) result.catch((error: unknown) => this.abandonAfter(error));
    return result;
  }

  private abandonAfter(error: unknown): void {
    if (error instanceof Error && error.message === QUERY_TIMEOUT_MESSAGE) void this.end().catch(() => undefined);
  }
}
