import * as net from 'node:net';

type Target = { host: string; port: number } | { path: string };

interface Pair {
  client: net.Socket;
  /** Undefined while a connection accepted during a blackhole waits for it to end. */
  upstream?: net.Socket;
}

/**
 * A loopback TCP proxy the test controls, in front of a TCP or Unix-socket server:
 * - `cut()` drops every connection and stops listening (the dependency is down: connections are refused);
 * - `blackhole()` keeps listening and keeps every connection open but forwards nothing, either way (the
 *   dependency hangs: a network partition, a stopped VM): clients wait for bytes that never come;
 * - `restore()` ends either: it listens again on the same port, and after a blackhole it forwards what it
 *   held, as TCP does when a partition heals, so a client must notice a dead connection itself.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly pairs = new Set<Pair>();
  private holding = false;
  private readonly target: Target;
  port = 0;

  constructor(host: string, port: number);
  constructor(target: Target);
  constructor(hostOrTarget: string | Target, port?: number) {
    this.target = typeof hostOrTarget === 'string' ? { host: hostOrTarget, port: port ?? 0 } : hostOrTarget;
  }

  /** The server a postgres:// or redis:// URL names (a `host=/folder` parameter is a Postgres Unix socket). */
  static for(url: string, defaultPort: number): TcpProxy {
    const parsed = new URL(url);
    const socketDir = parsed.searchParams.get('host');
    if (socketDir?.startsWith('/')) return new TcpProxy({ path: `${socketDir}/.s.PGSQL.${parsed.port || 5432}` });
    return new TcpProxy(parsed.hostname, Number(parsed.port || defaultPort));
  }

  async start(): Promise<this> {
    await this.listen(0);
    return this;
  }

  async cut(): Promise<void> {
    this.holding = false;
    for (const pair of this.pairs) this.drop(pair);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  blackhole(): void {
    this.holding = true;
    for (const pair of this.pairs) {
      if (!pair.upstream) continue;
      pair.client.unpipe(pair.upstream);
      pair.upstream.unpipe(pair.client);
      pair.client.pause();
      pair.upstream.pause();
    }
  }

  async restore(): Promise<void> {
    if (this.holding) {
      this.holding = false;
      for (const pair of this.pairs) this.forward(pair);
    }
    if (this.server) return;
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private listen(port: number): Promise<void> {
    const server = net.createServer((client) => {
      const pair: Pair = { client };
      this.pairs.add(pair);
      client.pause();
      client.on('error', () => this.drop(pair)).on('close', () => this.drop(pair));
      if (!this.holding) this.forward(pair);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private forward(pair: Pair): void {
    if (!pair.upstream) {
      const upstream = 'path' in this.target ? net.connect(this.target.path) : net.connect(this.target.port, this.target.host);
      upstream.on('error', () => this.drop(pair)).on('close', () => this.drop(pair));
      pair.upstream = upstream;
    }
    pair.client.pipe(pair.upstream);
    pair.upstream.pipe(pair.client);
    pair.client.resume();
    pair.upstream.resume();
  }

  private drop(pair: Pair): void {
    pair.client.destroy();
    pair.upstream?.destroy();
    this.pairs.delete(pair);
  }
}

/** Rewrites a URL's host and port to the proxy's (and drops a Unix-socket `host` parameter). */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(proxy.port);
  parsed.searchParams.delete('host');
  return parsed.toString();
}
