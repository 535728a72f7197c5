import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { KickableLoop } from '../../core/scheduling/kickable-loop';
import { IntegrationEvents } from '../../oauth/integration-events';
import { NotesRepository } from '../notes.repository';
import { NoteSyncJobsRepository } from './note-sync-jobs.repository';
import { NoteSyncProcessor } from './note-sync.processor';

const WAKE_SLACK_MS = 5;

/**
 * Works the sync outbox: claims due jobs (SKIP LOCKED, leased) up to NOTES_SYNC_CONCURRENCY at a time,
 * polls every NOTES_SYNC_POLL_MS and at once when kicked (a note was just written here, or a job became due
 * anywhere: NoteSyncListener). Claims are fair
 * across integrations (turns per integration, at most NOTES_SYNC_PER_INTEGRATION leased each); a job
 * whose integration is at its Notion rate limit is deferred by the processor, the integration rests here
 * until its next window (left out of claims) and the worker wakes when the window opens. Notes parked for
 * reauthorisation resume when their integration changes (reconnect) and on a periodic sweep, which also
 * covers reconnects seen by other instances. Stops cleanly: no new claims, in-flight jobs finish, leases
 * of anything left are released.
 */
@Injectable()
export class NoteSyncWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('NoteSyncWorker');
  readonly id = `worker-${randomUUID()}`;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly loop = new KickableLoop(() => this.poll(), () => this.config.notes.sync.pollMs);
  private sweepTimer: NodeJS.Timeout | null = null;
  /** Integrations at their Notion limit, as this instance found: epoch ms until which they rest. */
  private readonly resting = new Map<string, number>();
  private wakeTimer: NodeJS.Timeout | null = null;
  private wakeAt = Infinity;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: NoteSyncJobsRepository,
    private readonly notes: NotesRepository,
    private readonly processor: NoteSyncProcessor,
    private readonly integrationEvents: IntegrationEvents,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.notes.sync.worker) this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  get running(): boolean {
    return this.loop.running;
  }

  start(): void {
    if (this.loop.running) return;
    this.unsubscribe = this.integrationEvents.onChange((integrationId) => void this.resume(integrationId));
    this.sweepTimer = setInterval(() => void this.resume(), this.config.notes.sync.reauthSweepMs);
    this.sweepTimer.unref();
    this.loop.start();
  }

  async stop(): Promise<void> {
    if (!this.loop.running) return;
    const lastPoll = this.loop.stop();
    this.unsubscribe?.();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    this.wakeAt = Infinity;
    this.resting.clear();
    this.sweepTimer = null;
    await lastPoll;
    await Promise.allSettled([...this.inFlight]);
    await this.jobs.release(this.id).catch(() => undefined);
  }

  /** Polls now (or right after the poll under way). */
  kick(): void {
    this.loop.kick();
  }

  /** Unparks notes whose integration is active again. */
  async resume(integrationId?: string): Promise<void> {
    if (!this.loop.running) return;
    try {
      const resumed = await this.jobs.resumeParked(integrationId, (manager, noteIds) => this.notes.markResumed(manager, noteIds));
      if (resumed > 0) {
        this.logger.log({ integrationId, resumed }, 'Resumed notes parked for reauthorisation');
        this.kick();
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not resume parked notes');
    }
  }

  /** Polls again at `at` (epoch ms), unless a wake-up is already due earlier. */
  private wake(at: number): void {
    if (!this.loop.running || at >= this.wakeAt) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.wakeAt = Infinity;
      this.kick();
    }, Math.max(0, at - Date.now()));
    this.wakeTimer.unref();
  }

  /** Integrations still resting; the worker wakes when the first of them may call Notion again. */
  private restingIntegrations(): string[] {
    const now = Date.now();
    for (const [integrationId, until] of this.resting) if (until <= now) this.resting.delete(integrationId);
    if (this.resting.size > 0) this.wake(Math.min(...this.resting.values()));
    return [...this.resting.keys()];
  }

  /** Claims and starts what is due; true when the batch was full (more are likely due). */
  private async poll(): Promise<boolean> {
    const { concurrency, leaseMs, perIntegration } = this.config.notes.sync;
    const free = concurrency - this.inFlight.size;
    if (free <= 0) return false;
    let claimed;
    try {
      const fairness = { perIntegration, resting: this.restingIntegrations() };
      claimed = await this.jobs.claim(this.id, free, leaseMs, fairness);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not claim note sync jobs');
      return false;
    }
    for (const job of claimed) {
      const work: Promise<void> = this.processor
        .process(job)
        .then((restMs) => {
          if (restMs <= 0 || !job.integrationId) return;
          // A few ms past the window, so that the job the database deferred is due when the worker wakes.
          const until = Date.now() + restMs + WAKE_SLACK_MS;
          this.resting.set(job.integrationId, Math.max(until, this.resting.get(job.integrationId) ?? 0));
          this.wake(until);
        })
        .catch((error) => this.logger.error({ err: error, noteId: job.noteId }, 'Note sync job crashed'))
        .finally(() => {
          this.inFlight.delete(work);
          this.kick();
        });
      this.inFlight.add(work);
    }
    return claimed.length === free;
  }
}
