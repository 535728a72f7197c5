import { tokenHint } from '../core/ids';

export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  /** Route template, e.g. `/v1/pages/{page_id}`; null for unknown paths. */
  route: string | null;
  botId: string | null;
  integrationId: string | null;
  status: number;
  requestId: string;
  durationMs: number;
  /** Kind of injected fault, if one applied. */
  fault: string | null;
}

export interface TokenCounters {
  /** First and last characters only: the log never holds a whole token. */
  tokenHint: string;
  botId: string | null;
  integrationId: string | null;
  requests: number;
  rateLimited: number;
  byStatus: Record<string, number>;
}

const MAX_ENTRIES = 10_000;

/** What the sandbox answered, for assertions; bodies and tokens are deliberately not kept. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private readonly counters = new Map<string, TokenCounters>();

  record(entry: RequestLogEntry, tokenKey: string | null): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    if (!tokenKey) return;
    const counters = this.counters.get(tokenKey) ?? {
      tokenHint: tokenHint(tokenKey),
      botId: entry.botId,
      integrationId: entry.integrationId,
      requests: 0,
      rateLimited: 0,
      byStatus: {},
    };
    counters.requests += 1;
    counters.botId ??= entry.botId;
    counters.integrationId ??= entry.integrationId;
    if (entry.status === 429) counters.rateLimited += 1;
    counters.byStatus[entry.status] = (counters.byStatus[entry.status] ?? 0) + 1;
    this.counters.set(tokenKey, counters);
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  tokenCounters(): TokenCounters[] {
    return [...this.counters.values()].map((c) => ({ ...c, byStatus: { ...c.byStatus } }));
  }

  clear(): void {
    this.entries = [];
    this.counters.clear();
  }
}
