import { newId } from '../core/ids';

/**
 * Failures a test can ask for. `fail_after_write` runs the request (so a create really
 * happens) and then answers with an error, leaving the client unsure whether it worked.
 */
export type FaultKind = 'status' | 'rate_limit' | 'latency' | 'reset' | 'hang' | 'fail_after_write';

export type FaultStatus = 500 | 502 | 503 | 504 | 529;

export interface FaultSpec {
  kind: FaultKind;
  /** HTTP method to match (any when omitted). */
  method?: string;
  /**
   * Path to match: an exact path (`/v1/pages`), a route template (`/v1/pages/{page_id}`), or a
   * prefix ending in `*` (`/v1/blocks/*`). Any path when omitted.
   */
  path?: string;
  /** For `status` and `fail_after_write` (default 500). */
  status?: FaultStatus;
  /** For `rate_limit` (default 1). */
  retryAfterSeconds?: number;
  /** For `latency`. */
  latencyMs?: number;
  /** Apply to the next N matching calls. Default 1 unless `probability` is given (then unlimited). */
  times?: number;
  /** Apply to this fraction (0..1] of matching calls. */
  probability?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  remaining: number | null;
  applied: number;
}

export class FaultInjector {
  private faults: Fault[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: FaultSpec): Fault {
    const remaining = spec.times ?? (spec.probability === undefined ? 1 : null);
    const fault: Fault = { ...spec, id: newId(), remaining, applied: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault that applies to this call, consuming one of its uses. */
  take(method: string, path: string, template: string): Fault | null {
    for (const fault of this.faults) {
      if (fault.method && fault.method.toUpperCase() !== method) continue;
      if (fault.path && !pathMatches(fault.path, path, template)) continue;
      if (fault.probability !== undefined && this.random() >= fault.probability) continue;
      fault.applied += 1;
      if (fault.remaining !== null) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
      }
      return { ...fault };
    }
    return null;
  }
}

function pathMatches(pattern: string, path: string, template: string): boolean {
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === path || pattern === template;
}
