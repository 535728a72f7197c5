import { Injectable } from '@nestjs/common';
import { IntegrationDirectory, type IntegrationIdentity } from '../../oauth/integrations/integration-directory.service';
import type { NotionChangeSignal } from './notion-change';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const ENTITY_TYPES = new Set(['page', 'database', 'data_source', 'block']);
/** The event families that say something changed in a workspace (comments, files and views do not touch notes). */
const FAMILIES = new Set(['page', 'database', 'data_source']);

interface Ref {
  id?: unknown;
  type?: unknown;
  data_source_id?: unknown;
}

/** What became of an event; stored as the inbox row's outcome. */
export type RouteOutcome = 'signalled' | 'ignored_type' | 'unknown_workspace' | 'not_accessible' | 'own_write';

export interface Routed {
  outcome: RouteOutcome;
  signals: NotionChangeSignal[];
}

const refs = (value: unknown): Ref[] => (Array.isArray(value) ? value.filter((v): v is Ref => typeof v === 'object' && v !== null) : []);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Turns one webhook event into change signals for the integrations it concerns, and only those: the
 * product's integrations connected to the event's `workspace_id` whose bot (or the person who installed
 * it) is in the event's `accessible_by`. A workspace nobody here connected maps to none. An event whose
 * authors are all the integration's own bot is the product's own write: no signal for that integration
 * (no pull, no loop); another integration in the same workspace still hears it.
 */
@Injectable()
export class WebhookEventRouter {
  constructor(private readonly directory: IntegrationDirectory) {}

  async route(event: Record<string, unknown>): Promise<Routed> {
    const type = str(event.type) ?? '';
    const entity = event.entity as Ref | undefined;
    const entityId = str(entity?.id);
    const entityType = str(entity?.type);
    if (!FAMILIES.has(type.split('.')[0]) || !entityId || !UUID.test(entityId) || !entityType || !ENTITY_TYPES.has(entityType)) {
      return { outcome: 'ignored_type', signals: [] };
    }
    const integrations = await this.connectedTo(event);
    if (integrations.length === 0) return { outcome: 'unknown_workspace', signals: [] };
    const accessibleBy = new Set(refs(event.accessible_by).map((r) => str(r.id)).filter((id): id is string => id !== null));
    const concerned = integrations.filter((i) => accessibleBy.has(i.botId) || (i.ownerId !== null && accessibleBy.has(i.ownerId)));
    if (concerned.length === 0) return { outcome: 'not_accessible', signals: [] };
    const authors = refs(event.authors);
    const others = concerned.filter((i) => !ownWrite(authors, i));
    if (others.length === 0) return { outcome: 'own_write', signals: [] };
    const at = str(event.timestamp) ?? new Date().toISOString();
    const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as { parent?: Ref; updated_blocks?: unknown };
    const parentDataSourceId = dataSourceOf(data.parent);
    const base = [{ entity: { id: entityId, type: entityType as NotionChangeSignal['entity']['type'] }, parentDataSourceId }];
    // A data source's content changed: the rows named are pages of that data source (a new row, an edited one).
    if (entityType === 'data_source' && type === 'data_source.content_updated') {
      for (const row of refs(data.updated_blocks)) {
        const id = str(row.id);
        if (id && UUID.test(id) && row.type === 'page') base.push({ entity: { id, type: 'page' }, parentDataSourceId: entityId });
      }
    }
    const signals = others.flatMap((integration) => base.map((b) => ({ integrationId: integration.id, kind: type, at, ...b })));
    return { outcome: 'signalled', signals };
  }

  /**
   * Whether any active integration here is connected to the event's workspace: the intake keeps no event of a
   * workspace nobody here connected (see NotionWebhookService), and `route` ignores one whose workspace was
   * disconnected since it was kept. The same lookup both times, so both agree on what "unknown" means.
   */
  async workspaceConnected(event: Record<string, unknown>): Promise<boolean> {
    return (await this.connectedTo(event)).length > 0;
  }

  private async connectedTo(event: Record<string, unknown>): Promise<IntegrationIdentity[]> {
    const workspaceId = str(event.workspace_id);
    return workspaceId ? this.directory.activeInWorkspace(workspaceId) : [];
  }
}

/** Every author is this integration's bot: the change is the product's own write through it. */
function ownWrite(authors: Ref[], integration: IntegrationIdentity): boolean {
  return authors.length > 0 && authors.every((a) => a.type === 'bot' && a.id === integration.botId);
}

/** The data source a page belongs to, from an event's `data.parent` (`data_source`, or `database` naming one). */
function dataSourceOf(parent: Ref | undefined): string | null {
  if (!parent) return null;
  if (parent.type === 'data_source') return str(parent.id);
  if (parent.type === 'database') return str(parent.data_source_id);
  return null;
}
