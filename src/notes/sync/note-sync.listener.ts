import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { PgChannelListener } from '../../core/database/pg-channel-listener';
import { NoteSyncWorker } from './note-sync.worker';

/** Where the outbox announces due jobs (the trigger of migration NotifyDueSyncJobs1796800000300). */
export const NOTE_SYNC_CHANNEL = 'note_sync_due';

/** The listening connection's application_name: the worker it wakes. */
export const listenerName = (workerId: string) => `listen:${workerId}`;

/**
 * Cross-instance pickup: a note written on another instance kicks this instance's worker through Postgres
 * LISTEN/NOTIFY, so that any free worker takes it at once instead of at its next poll (NOTES_SYNC_POLL_MS,
 * which stays as the safety net). The instance that wrote the note also kicks its own worker in process.
 */
@Injectable()
export class NoteSyncListener implements OnApplicationBootstrap, OnModuleDestroy {
  private listener: PgChannelListener | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly worker: NoteSyncWorker,
  ) {}

  onApplicationBootstrap(): void {
    const { url, connectTimeoutMs } = this.config.database;
    if (!this.config.notes.sync.worker || !url) return;
    this.listener = new PgChannelListener({
      url,
      channel: NOTE_SYNC_CHANNEL,
      applicationName: listenerName(this.worker.id),
      connectTimeoutMs,
      onNotify: () => this.worker.kick(),
      onListening: () => this.worker.kick(),
    });
    this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.stop();
  }
}
