// One application instance of `npm run bench:scale`, run as a child process (fork) so that each has its
// own event loop, heap and CPU time, like a real deployment. It counts the PostgreSQL statements and Redis
// commands it sends (by wrapping the drivers' send functions in this process only: measurement, the
// product's code is untouched) and answers the parent's questions over IPC:
//   { type: 'stats', gc?: boolean } → { type: 'stats', cpuMs, pgStatements, redisCommands, memory, memoryAfterGc }
//   { type: 'stop' } → closes the application and exits.
import 'reflect-metadata';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/core/config/app-config';
import { listen } from './bench-app';
import { benchEnv } from './bench-env';

const counters = { pgStatements: 0, redisCommands: 0 };

function countCalls(proto: Record<string, unknown>, method: string, key: keyof typeof counters): void {
  const original = proto[method] as (...args: unknown[]) => unknown;
  proto[method] = function counted(this: unknown, ...args: unknown[]) {
    counters[key] += 1;
    return original.apply(this, args);
  };
}

/* eslint-disable @typescript-eslint/no-require-imports -- the drivers' classes, to count what they send */
countCalls(require('pg').Client.prototype, 'query', 'pgStatements');
countCalls(require('ioredis').default.prototype, 'sendCommand', 'redisCommands');
/* eslint-enable @typescript-eslint/no-require-imports */

export interface InstanceStats {
  type: 'stats';
  cpuMs: number;
  pgStatements: number;
  redisCommands: number;
  memory: NodeJS.MemoryUsage;
  /** After a forced full GC, when the parent asked for one (the live heap: what a leak would grow). */
  memoryAfterGc: NodeJS.MemoryUsage | null;
}

async function main(): Promise<void> {
  const app = await createApp(loadConfig(benchEnv()));
  const url = await listen(app);
  process.on('message', (message: { type: string; gc?: boolean }) => {
    if (message.type === 'stats') {
      const memory = process.memoryUsage();
      let memoryAfterGc: NodeJS.MemoryUsage | null = null;
      if (message.gc && global.gc) {
        global.gc();
        memoryAfterGc = process.memoryUsage();
      }
      const cpu = process.cpuUsage();
      const stats: InstanceStats = { type: 'stats', cpuMs: (cpu.user + cpu.system) / 1000, ...counters, memory, memoryAfterGc };
      process.send?.(stats);
    } else if (message.type === 'stop') {
      void app.close().finally(() => process.exit(0));
    }
  });
  process.send?.({ type: 'ready', url });
}

main().catch((error: unknown) => {
  process.send?.({ type: 'failed', message: error instanceof Error ? error.stack : String(error) });
  process.exit(1);
});
