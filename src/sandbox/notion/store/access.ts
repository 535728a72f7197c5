import { describe, notFound, validationError } from '../core/errors';
import { normalizeId } from '../core/ids';
import { Bot, DataSourceRecord, DatabaseRecord, Integration, PageRecord } from './model';
import { ContentNode, SandboxStore } from './store';

/**
 * What one bot may see: the roots granted at consent (or shared with an internal integration),
 * what it created, and everything below those. Anything else is reported as missing, never as
 * forbidden, exactly as Notion does.
 */
export class BotAccess {
  constructor(
    readonly store: SandboxStore,
    readonly bot: Bot,
    readonly integration: Integration,
  ) {}

  canSee(id: string): boolean {
    let current: string | null = id;
    for (let depth = 0; current && depth < 1000; depth += 1) {
      const node = this.store.node(current);
      if (!node || node.record.workspaceId !== this.bot.workspaceId) return false;
      if (this.bot.grants.includes(current)) return true;
      current = this.store.parentOf(node);
    }
    return false;
  }

  grant(id: string): void {
    if (!this.bot.grants.includes(id)) this.bot.grants.push(id);
  }

  notFound(kind: string, id: string): Error {
    return notFound(kind, id, this.integration.name);
  }

  visibleNode(rawId: unknown, kind: string, where = `path.${kind}_id`): ContentNode {
    const id = requireUuid(rawId, where);
    const node = this.store.node(id);
    if (!node || !this.canSee(id)) throw this.notFound(kind, id);
    return node;
  }

  page(rawId: unknown, where?: string): PageRecord {
    const node = this.visibleNode(rawId, 'page', where);
    if (node.kind !== 'page') throw this.notFound('page', node.record.id);
    return node.record;
  }

  database(rawId: unknown, where?: string): DatabaseRecord {
    const node = this.visibleNode(rawId, 'database', where);
    if (node.kind !== 'database') throw this.notFound('database', node.record.id);
    return node.record;
  }

  dataSource(rawId: unknown, where?: string): DataSourceRecord {
    const node = this.visibleNode(rawId, 'data_source', where);
    if (node.kind !== 'data_source') throw this.notFound('data_source', node.record.id);
    return node.record;
  }
}

/** `where` is Notion's field path, e.g. `path.page_id` or `body.parent.page_id`. */
export function requireUuid(raw: unknown, where: string): string {
  const id = typeof raw === 'string' ? normalizeId(raw) : null;
  if (!id) {
    const scope = where.split('.')[0];
    throw validationError(`${scope} failed validation: ${where} should be a valid uuid, instead was \`${describe(raw)}\`.`);
  }
  return id;
}
