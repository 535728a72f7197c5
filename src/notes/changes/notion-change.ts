/**
 * What the product hears about a change in a person's Notion workspace, from a webhook event or a poll,
 * before anything is fetched: a signal that something may have changed, never its content. One pipeline
 * for both sources: the sink decides which notes to pull (see NotePullScheduler), and the sync worker
 * fetches and merges under the integration's fair share of Notion calls.
 */
export interface NotionChangeSignal {
  /** The product's integration whose workspace changed (never inferred from the entity alone). */
  integrationId: string;
  entity: { id: string; type: 'page' | 'database' | 'data_source' | 'block' };
  /** The webhook event type (`page.content_updated`, …) or `poll` for a row a poll found edited. */
  kind: string;
  /** When it changed, as Notion says: the event's `timestamp`, or the row's `last_edited_time` (minute-rounded). */
  at: string;
  /** The data source the page is a row of, when known (a poll's rows; a webhook's `data.parent`). */
  parentDataSourceId?: string | null;
}

/** Where the change feed hands its signals (implemented by the notes module). */
export abstract class NotionChangeSink {
  abstract signal(signals: NotionChangeSignal[]): Promise<void>;
}
