import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { KickableLoop } from '../../core/scheduling/kickable-loop';
import { IntegrationEvents } from '../../oauth/integration-events';
import { NotesRepository } from '../notes.repository';
import { type ClaimedJob, type JobLease, NoteSyncJobsRepository } from './note-sync-jobs.repository';
import type { NoteEntity } from '../note.entity';
import { NoteSyncProcessor } from './note-sync.processor';

const WAKE_SLACK_MS = 5;

/** A worker slot promised to a note being written on this instance (NoteSyncWorker.reserveFresh). */
export interface FreshSlot {
  /** The lease to insert the note's job with. */
  lease: JobLease;
  /** Runs the note's first attempt on the job inserted with `lease`: the note as recorded when its page was created, else null. */
  run(job: ClaimedJob, note: NoteEntity): Promise<NoteEntity | null>;
  /** Gives the slot back unused (the insert failed). */
  cancel(): void;
}

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
  /** A round found no free slot: the next job to end claims again (else the loop's kicks and polls do). */
  private starved = false;
  /** Slots promised to notes being written here (see `reserveFresh`), not yet running. */
  private reserved = 0;
  /** Jobs running or reserved here, by integration (the per-integration share applies to fresh notes too). */
  private readonly busy = new Map<string, number>();
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

  /**
   * A slot for the first attempt of a note about to be written on this instance, so that it runs here at
   * once, on a job inserted already leased to this worker (`lease`), with no claim, no NOTIFY and no second
   * read of the note: the fast path of POST /notes. Null, and the note goes through the outbox like any
   * other, when this instance does not sync, has no free slot, already runs the integration's share
   * (NOTES_SYNC_PER_INTEGRATION), or the integration rests (it was found at its Notion limit). Within its
   * share, a note of an integration at its limit waits in the gateway for the next window, as any call does.
   * The slot must be used (`run`) or given back (`cancel`).
   */
  reserveFresh(integrationId: string): FreshSlot | null {
    const { concurrency, perIntegration, leaseMs } = this.config.notes.sync;
    if (!this.loop.running || this.inFlight.size + this.reserved >= concurrency) return null;
    if ((this.busy.get(integrationId) ?? 0) >= perIntegration || (this.resting.get(integrationId) ?? 0) > Date.now()) return null;
    let held = true;
    this.reserved += 1;
    this.hold(integrationId, 1);
    const giveBack = () => {
      if (!held) return false;
      held = false;
      this.reserved -= 1;
      this.hold(integrationId, -1);
      return true;
    };
    // Read while the caller inserts the note: the attempt need not wait for it afterwards.
    const workspace = this.processor.lookAhead(integrationId);
    return {
      lease: { workerId: this.id, ms: leaseMs },
      cancel: () => void giveBack(),
      run: async (job, note) => {
        if (!giveBack()) throw new Error('This slot was used already');
        if (this.loop.running) {
          const recorded = await this.track(job, () => this.processor.processFresh(job, note, workspace), false);
          // Changed while its page was being created: the job was released to run again.
          if (recorded?.syncStatus === 'pending') this.kick();
          return recorded;
        }
        // Stopped meanwhile: the lease goes, for another instance (or the next start) to claim the job.
        await this.jobs.defer(job, 0).catch(() => undefined);
        return null;
      },
    };
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
    const free = concurrency - this.inFlight.size - this.reserved;
    if (free <= 0) {
      this.starved = true;
      return false;
    }
    let claimed;
    try {
      const fairness = { perIntegration, resting: this.restingIntegrations() };
      claimed = await this.jobs.claim(this.id, free, leaseMs, fairness);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not claim note sync jobs');
      return false;
    }
    for (const job of claimed) {
      void this.track(job, async () => {
        const restMs = await this.processor.process(job);
        if (restMs > 0 && job.integrationId) this.rest(job.integrationId, restMs);
      });
    }
    return claimed.length === free;
  }

  /** The integration is at its Notion limit for `restMs`: left out of claims, and the worker wakes after. */
  private rest(integrationId: string, restMs: number): void {
    // A few ms past the window, so that the job the database deferred is due when the worker wakes.
    const until = Date.now() + restMs + WAKE_SLACK_MS;
    this.resting.set(integrationId, Math.max(until, this.resting.get(integrationId) ?? 0));
    this.wake(until);
  }

  /**
   * Runs `work` for `job` as one of this worker's in-flight jobs; a crash is logged (null), never thrown.
   * When it ends, the worker claims again (`claimAfter`), or, for a fresh note's attempt, only if a round
   * found no free slot meanwhile: a note written here must not pay for a claim that finds nothing.
   */
  private track<T>(job: ClaimedJob, work: () => Promise<T>, claimAfter = true): Promise<T | null> {
    if (job.integrationId) this.hold(job.integrationId, 1);
    const result = work().catch((error) => {
      this.logger.error({ err: error, noteId: job.noteId }, 'Note sync job crashed');
      return null;
    });
    const done: Promise<void> = result.then(() => {
      this.inFlight.delete(done);
      if (job.integrationId) this.hold(job.integrationId, -1);
      if (claimAfter || this.starved) {
        this.starved = false;
        // Once whoever waits for this job has had its answer.
        setImmediate(() => this.kick());
      }
    });
    this.inFlight.add(done);
    return result;
  }

  /** Counts a job (or a reserved slot) of the integration in or out. */
  private hold(integrationId: string, delta: number): void {
    const n = (this.busy.get(integrationId) ?? 0) + delta;
    if (n > 0) this.busy.set(integrationId, n);
    else this.busy.delete(integrationId);
  }
}
