import { createHmac } from 'node:crypto';
import { Author } from '../person/person-access';
import { JsonObject, WebhookSubscription } from '../store/model';
import { SandboxStore } from '../store/store';
import { Change, EventType, ParentRef, SchemaChange, UpdatedBlock } from './change';

const MAX_ITEMS = 100;

/** One event as Notion sends it: a change, or several aggregated ones, for one entity. */
export interface WebhookEvent {
  type: EventType;
  workspaceId: string;
  entity: Change['entity'];
  parent: ParentRef;
  authors: Author[];
  /** Sandbox clock, ms: the latest change it stands for. */
  at: number;
  updatedBlocks?: UpdatedBlock[];
  updatedProperties?: string[];
  schemaChanges?: SchemaChange[];
}

/** One event bound for one subscription (retries keep the id and raise the attempt). */
export interface Delivery {
  eventId: string;
  subscriptionId: string;
  event: WebhookEvent;
  /** Public integrations only: the bots (and their owners) that can see the entity. */
  accessibleBy: Author[] | null;
  attempt: number;
}

export function eventFromChange(change: Change): WebhookEvent {
  const { author, ...rest } = change;
  return { ...rest, authors: [author] };
}

/** Folds a later change of the same type and entity into an aggregated event. */
export function mergeChange(event: WebhookEvent, change: Change): void {
  if (!event.authors.some((a) => a.id === change.author.id && a.type === change.author.type)) event.authors.push(change.author);
  event.at = change.at;
  event.parent = change.parent;
  if (change.updatedBlocks) {
    const blocks = (event.updatedBlocks ??= []);
    for (const block of change.updatedBlocks) if (!blocks.some((b) => b.id === block.id) && blocks.length < MAX_ITEMS) blocks.push(block);
  }
  if (change.updatedProperties) {
    const ids = (event.updatedProperties ??= []);
    for (const id of change.updatedProperties) if (!ids.includes(id) && ids.length < MAX_ITEMS) ids.push(id);
  }
  if (change.schemaChanges) {
    const changes = (event.schemaChanges ??= []);
    for (const next of change.schemaChanges) {
      const index = changes.findIndex((c) => c.id === next.id);
      if (index >= 0) changes[index] = { ...next, action: changes[index].action === 'created' && next.action !== 'deleted' ? 'created' : next.action };
      else if (changes.length < MAX_ITEMS) changes.push(next);
    }
  }
}

/** The JSON body of a delivery, shaped like the published `*WebhookPayload` schemas. */
export function payloadOf(store: SandboxStore, delivery: Delivery, subscription: WebhookSubscription): JsonObject {
  const { event } = delivery;
  const workspace = store.state.workspaces[event.workspaceId];
  const data: JsonObject = { parent: { ...event.parent } };
  if (event.updatedBlocks) data.updated_blocks = event.updatedBlocks.map((b) => ({ ...b }));
  if (event.updatedProperties) data.updated_properties = [...event.updatedProperties];
  if (event.schemaChanges) data.updated_properties = event.schemaChanges.map((c) => ({ ...c }));
  return {
    id: delivery.eventId,
    timestamp: new Date(event.at).toISOString(),
    workspace_id: event.workspaceId,
    workspace_name: workspace?.name ?? '',
    subscription_id: subscription.id,
    integration_id: subscription.integrationId,
    type: event.type,
    authors: event.authors.slice(0, MAX_ITEMS).map((a) => ({ id: a.id, type: a.type })),
    ...(delivery.accessibleBy && { accessible_by: delivery.accessibleBy.slice(0, MAX_ITEMS).map((a) => ({ id: a.id, type: a.type })) }),
    attempt_number: delivery.attempt,
    api_version: subscription.apiVersion,
    entity: { ...event.entity },
    data,
  };
}

/** `X-Notion-Signature`: `sha256=` and the hex HMAC-SHA256 of the raw body, keyed with the verification token. */
export function signature(body: string, verificationToken: string): string {
  return `sha256=${createHmac('sha256', verificationToken).update(body).digest('hex')}`;
}
