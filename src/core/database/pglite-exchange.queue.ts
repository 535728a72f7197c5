/** What the queue needs of PGlite (structural, so the WebAssembly module is only loaded where it is used). */
export interface PGliteSession {
  isInTransaction(): boolean;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<unknown>;
  exec(sql: string): Promise<unknown>;
}

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

/** Message types after which a connection's exchange with the server is complete: Sync, simple Query, Terminate. */
const ENDS_EXCHANGE = new Set([0x53, 0x51, 0x58]);

/**
 * The order in which PGlite's one session serves the socket server's connections. pglite-socket's own queue
 * keeps a connection's messages together only inside a transaction, so the extended-protocol messages of two
 * connections (Parse, Bind, Execute … Sync) interleave and clobber each other's unnamed statement and portal:
 * under concurrent requests queries fail ("portal does not exist", "bind message supplies 2 parameters") or
 * answer another query's rows. This queue gives a connection the session from its first message until its
 * exchange ends (Sync or a simple Query) and, inside a transaction, until the transaction ends. It replaces the
 * socket server's queue (same methods, which the server's connection handlers call).
 */
export class PGliteExchangeQueue {
  private readonly queue: Pending[] = [];
  private processing = false;
  /** The connection that last spoke, and whether its exchange is still open. */
  private owner: number | null = null;
  private openExchange = false;

  constructor(private readonly db: PGliteSession) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** A connection went away: drop what it still had queued and give up its claim on the session. */
  clearQueueForHandler(handlerId: number): void {
    for (let i = this.queue.length - 1; i >= 0; i -= 1) {
      if (this.queue[i].handlerId !== handlerId) continue;
      const [dropped] = this.queue.splice(i, 1);
      dropped.reject(new Error('Handler disconnected'));
    }
    if (this.owner === handlerId && !this.db.isInTransaction()) this.release();
  }

  /** A connection went away inside its transaction: roll it back so the others can go on. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.release();
  }

  private release(): void {
    this.owner = null;
    this.openExchange = false;
    void this.process();
  }

  private holdsSession(): boolean {
    return this.owner !== null && (this.openExchange || this.db.isInTransaction());
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        // While a connection holds the session, only its messages are served; its next one is on its way.
        const index = this.holdsSession() ? this.queue.findIndex((p) => p.handlerId === this.owner) : 0;
        if (index === -1) break;
        const [next] = this.queue.splice(index, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(next.message, {
              onRawData: (data) => {
                bytes += data.length;
                next.onData(data);
              },
            }),
          );
        } catch (error) {
          next.reject(error);
          continue;
        }
        this.owner = next.handlerId;
        // A startup message begins with its length's high byte (0): it ends its exchange like Sync does.
        this.openExchange = next.message.length > 0 && next.message[0] !== 0 && !ENDS_EXCHANGE.has(next.message[0]);
        next.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }
}
