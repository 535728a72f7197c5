import { ApiCall, Route } from '../http/types';
import { SandboxStore } from '../store/store';
import { Change } from './change';
import { captureBefore, changesOf } from './operation-changes';

const READS = new Set(['GET', 'HEAD']);

/**
 * Wraps the Notion write operations so that every successful write reports what it changed, the
 * same way for a bot's `/v1` call and a person's edit (both run these handlers). A refused
 * request reports nothing.
 */
export function recordChanges(routes: Route[], store: SandboxStore, sink: (changes: Change[]) => void): Route[] {
  return routes.map((route) => {
    if (route.kind !== 'api' || READS.has(route.method)) return route;
    const handle = route.handle;
    return {
      ...route,
      handle: async (call: ApiCall) => {
        const before = captureBefore(call, store);
        const result = await handle(call);
        let changes: Change[] = [];
        try {
          changes = changesOf(call, route.template, store, result, before);
        } catch (error) {
          // The write happened; a fault in telling subscribers about it must not turn into a failed request.
          process.stderr.write(`notion-sandbox: could not derive webhook events for ${route.method} ${route.template}: ${error instanceof Error ? error.stack : String(error)}\n`);
        }
        sink(changes);
        return result;
      },
    };
  });
}
