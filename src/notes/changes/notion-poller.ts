import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { isFullPage } from '@notionhq/client';
import { AppConfig } from '../../core/config/app-config';
import { DomainError } from '../../core/errors/domain-error';
import { KickableLoop } from '../../core/scheduling/kickable-loop';
import { NotionClientFactory } from '../../notion/notion-client.factory';
import { NotionObjectNotFoundError, NotionValidationFailedError } from '../../notion/notion.errors';
import { NotionRateLimiter } from '../../notion/notion-rate.limiter';
import { IntegrationDirectory } from '../../oauth/integrations/integration-directory.service';
import { NotesRepository, type NoteEditTimes } from '../notes.repository';
import { ChangeFeedRepository, type DuePoll } from './change-feed.repository';
import { NotionChangeSink, type NotionChangeSignal } from './notion-change';

/** Notion rounds last_edited_time down to the minute: a poll looks back this far past its cursor. */
const OVERLAP_MS = 60_000;
const PAGE_SIZE = 100;
/** Integrations one instance polls at once. */
const BATCH = 8;
/** A poll whose instance stopped answering is taken over after this. */
const LEASE_MS = 120_000;

/**
 * Polling, when webhooks are off (the default): every NOTION_POLL_INTERVAL_SECONDS, per connected
 * integration with a workspace, one query of its Table of Contents for the rows edited since the cursor
 * (minus a minute of overlap), newest first and paged until a row older than that. Rows whose edit time proves nothing changed
 * since the product last confirmed the page are left out, so an idle integration costs one Notion call
 * per interval; the others become `poll` signals. Across instances one poller per integration runs at a
 * time (its `notion_poll_state` row is claimed with a lease), due times are the database's, and an
 * integration at its Notion rate limit is deferred, not waited for. A failed poll is logged (its error
 * code only) and retried next interval; a Table of Contents gone from Notion is signalled so that the
 * workspace check runs.
 */
@Injectable()
export class NotionPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('NotionPoller');
  readonly id = `poller-${randomUUID()}`;
  // Looks for due integrations a few times per interval (each look is one small query).
  private readonly loop = new KickableLoop(() => this.round(), () => Math.min(5_000, Math.max(100, Math.floor(this.intervalMs / 4))));

  constructor(
    private readonly config: AppConfig,
    private readonly repository: ChangeFeedRepository,
    private readonly notion: NotionClientFactory,
    private readonly limiter: NotionRateLimiter,
    private readonly sink: NotionChangeSink,
    private readonly integrations: IntegrationDirectory,
    private readonly notes: NotesRepository,
  ) {}

  private get intervalMs(): number {
    return this.config.notes.changes.pollIntervalMs;
  }

  onApplicationBootstrap(): void {
    if (this.config.notes.changes.webhooksEnabled || !this.config.notes.sync.worker) return;
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.loop.running) return;
    await this.loop.stop();
    await this.repository.releasePolls(this.id).catch(() => undefined);
  }

  /** Polls what is due, a batch at a time, until nothing is (a full batch suggests more). */
  private async round(): Promise<void> {
    for (;;) {
      let due: DuePoll[];
      try {
        due = await this.claim();
      } catch (error) {
        this.logger.warn({ reason: (error as Error).message }, 'Could not claim Notion polls');
        return;
      }
      await Promise.all(due.map((poll) => this.pollOne(poll)));
      if (due.length < BATCH || !this.loop.running) return;
    }
  }

  /**
   * Starts polling integrations with a new workspace (active ones), then claims a batch of due polls among
   * the integrations this instance may poll: active ones whose tokens it can decrypt, as the OAuth module says.
   */
  private async claim(): Promise<DuePoll[]> {
    const unpolled = await this.repository.unpolledWorkspaces();
    await this.repository.startPolls(await this.integrations.activeAmong(unpolled), this.intervalMs);
    const pollable = await this.integrations.activeAmong(await this.repository.duePolls(), { readableHere: true });
    return this.repository.claimDuePolls(this.id, BATCH, LEASE_MS, pollable);
  }

  /** Polls one integration; never throws. */
  async pollOne(poll: DuePoll): Promise<void> {
    const { integrationId } = poll;
    try {
      const restMs = await this.limiter.msBeforeNext(integrationId).catch(() => 0);
      if (restMs > 0) {
        await this.repository.deferPoll(integrationId, restMs);
        return;
      }
      const cursor = await this.poll(poll);
      await this.repository.finishPoll(integrationId, this.intervalMs, cursor, null);
    } catch (error) {
      const code = error instanceof DomainError ? error.code : 'INTERNAL';
      if (error instanceof NotionObjectNotFoundError || (error instanceof NotionValidationFailedError && error.targetInTrash)) {
        // The Table of Contents is gone or in the trash: the sink runs the workspace check.
        await this.sink
          .signal([{ integrationId, entity: { id: poll.dataSourceId, type: 'data_source' }, kind: 'poll', at: new Date().toISOString(), parentDataSourceId: null }])
          .catch(() => undefined);
      }
      // Notion's own explanation of a refused query is sanitised by the gateway; nothing else is logged.
      const notion = error instanceof NotionValidationFailedError ? { notionMessage: error.notionMessage } : {};
      this.logger.warn({ integrationId, code, ...notion }, 'A Notion poll failed; it is tried again next interval');
      await this.repository.finishPoll(integrationId, this.intervalMs, null, code).catch(() => undefined);
    }
  }

  /**
   * The query and its signals; returns the greatest last_edited_time seen (null: no row). Newest first,
   * stopping at the first row older than the cursor minus the overlap: the date filter Notion's document
   * allows is a whole day (a coarse bound for Notion's sake, a day early against time zones), so the exact
   * bound is applied here, and an idle integration's poll is its first page.
   */
  private async poll({ integrationId, dataSourceId, cursor }: DuePoll): Promise<Date | null> {
    const handle = this.notion.forIntegration(integrationId);
    const since = new Date(cursor.getTime() - OVERLAP_MS);
    const day = new Date(since.getTime() - 86_400_000).toISOString().slice(0, 10);
    let latest: Date | null = null;
    let startCursor: string | undefined;
    let older: boolean;
    do {
      const page = await handle.queryDataSource({
        data_source_id: dataSourceId,
        filter: { timestamp: 'last_edited_time', last_edited_time: { on_or_after: day } },
        sorts: [{ timestamp: 'last_edited_time', direction: 'descending' }],
        page_size: PAGE_SIZE,
        ...(startCursor ? { start_cursor: startCursor } : {}),
      });
      const all = page.results.filter(isFullPage).map((r) => ({ id: r.id, edited: new Date(r.last_edited_time) }));
      const rows = all.filter((r) => r.edited >= since);
      older = rows.length < all.length;
      const known = await this.notes.editTimesOf(integrationId, rows.map((r) => r.id));
      const signals: NotionChangeSignal[] = rows
        .filter((row) => !provenUnchanged(row.edited, known.get(row.id)))
        .reverse()
        .map((row) => ({ integrationId, entity: { id: row.id, type: 'page' }, kind: 'poll', at: row.edited.toISOString(), parentDataSourceId: dataSourceId }));
      if (signals.length > 0) await this.sink.signal(signals);
      for (const row of rows) if (!latest || row.edited > latest) latest = row.edited;
      startCursor = page.has_more && page.next_cursor ? page.next_cursor : undefined;
    } while (startCursor && !older && this.loop.running);
    return latest;
  }
}

/**
 * The row's edit time is the one the product recorded, and the product confirmed the content a minute or
 * more after that minute began: any later edit would have moved the (minute-rounded) time.
 */
function provenUnchanged(edited: Date, known: NoteEditTimes | undefined): boolean {
  if (!known?.notionEditedAt || !known.notionConfirmedAt) return false;
  return new Date(known.notionEditedAt).getTime() === edited.getTime() && new Date(known.notionConfirmedAt).getTime() >= edited.getTime() + OVERLAP_MS;
}
