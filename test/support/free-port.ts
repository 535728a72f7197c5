import { createServer } from 'node:net';

/** A port to listen on, known before the service boots (its PUBLIC_URL and OAuth redirect name it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
