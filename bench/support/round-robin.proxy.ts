import * as net from 'node:net';

/**
 * The load balancer of `npm run bench:scale`: a loopback TCP proxy handing each new connection to the next
 * instance in turn (layer 4, like most cloud balancers; a keep-alive connection stays on its instance).
 */
export class RoundRobinProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private next = 0;
  port = 0;

  constructor(private readonly backends: { host: string; port: number }[]) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = net.createServer((client) => {
      const backend = this.backends[this.next++ % this.backends.length];
      const upstream = net.connect(backend.port, backend.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
