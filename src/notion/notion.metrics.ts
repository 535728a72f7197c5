import { Injectable } from '@nestjs/common';

export interface NotionCallRecord {
  integrationId: string;
  operation: string;
  /** HTTP status, or 0 when no answer came (timeout, network). */
  status: number;
  durationMs: number;
  attempt: number;
}

export interface NotionMetricsSnapshot {
  /** Calls made through the gateway (one per operation, however many attempts). */
  calls: number;
  /** HTTP requests sent to Notion. */
  attempts: number;
  retries: number;
  /** 429 answers received. */
  rateLimited: number;
  /** 401 answers followed by a token refresh. */
  refreshes: number;
  failures: number;
  /** Time spent waiting for the shared limiter, summed over calls. */
  limiterWaitMs: number;
  /** Time spent in Notion requests, summed over attempts. */
  requestMs: number;
  byStatus: Record<string, number>;
  byOperation: Record<string, number>;
}

/** In-process counters of every Notion call, for the benchmark and for diagnostics. */
@Injectable()
export class NotionMetrics {
  private state: NotionMetricsSnapshot = NotionMetrics.empty();

  private static empty(): NotionMetricsSnapshot {
    return { calls: 0, attempts: 0, retries: 0, rateLimited: 0, refreshes: 0, failures: 0, limiterWaitMs: 0, requestMs: 0, byStatus: {}, byOperation: {} };
  }

  call(operation: string): void {
    this.state.calls += 1;
    this.state.byOperation[operation] = (this.state.byOperation[operation] ?? 0) + 1;
  }

  attempt(record: NotionCallRecord): void {
    this.state.attempts += 1;
    this.state.requestMs += record.durationMs;
    if (record.attempt > 1) this.state.retries += 1;
    if (record.status === 429) this.state.rateLimited += 1;
    const key = String(record.status);
    this.state.byStatus[key] = (this.state.byStatus[key] ?? 0) + 1;
  }

  waited(ms: number): void {
    this.state.limiterWaitMs += ms;
  }

  refreshed(): void {
    this.state.refreshes += 1;
  }

  failed(): void {
    this.state.failures += 1;
  }

  snapshot(): NotionMetricsSnapshot {
    return structuredClone(this.state);
  }

  reset(): void {
    this.state = NotionMetrics.empty();
  }
}
