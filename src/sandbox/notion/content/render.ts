import { compactId } from '../core/ids';
import { NotionVersion, isLegacy } from '../core/version';
import { Bot, BlockRecord, DataSourceRecord, DatabaseRecord, JsonObject, PageRecord, PageParent, Person } from '../store/model';
import { SandboxStore, plainTextOf } from '../store/store';
import { MentionResolver, renderRichText } from './rich-text';
import { renderPropertyConfig } from './property-schema';
import { renderPropertyValue } from './property-values';

const FILE_UPLOAD_LIMIT = 5 * 1024 * 1024;

/** Turns stored records into Notion's response objects for one API version and base URL. */
export class Renderer implements MentionResolver {
  constructor(
    private readonly store: SandboxStore,
    private readonly baseUrl: string,
    private readonly version: NotionVersion,
    /** What the caller may see; mentions of anything else show "Untitled" (Notion hides the title). */
    private readonly canSee: (id: string) => boolean = () => true,
  ) {}

  title(id: string): string | null {
    if (!this.canSee(id)) return null;
    const node = this.store.node(id);
    if (!node) return null;
    if (node.kind === 'page') return plainTextOf(this.store.pageTitle(node.record));
    if (node.kind === 'database' || node.kind === 'data_source') return plainTextOf(node.record.title);
    return null;
  }

  url(id: string): string {
    return `${this.baseUrl}/${compactId(id)}`;
  }

  /** An API address on this sandbox (for `next_url`). */
  apiUrl(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /** A page's address: its title as a slug, then its id (the sandbox serves the page there as HTML). */
  pageUrl(page: PageRecord): string {
    const slug = plainTextOf(this.store.pageTitle(page)).replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return `${this.baseUrl}/${slug ? `${slug}-` : ''}${compactId(page.id)}`;
  }

  private trash(inTrash: boolean): JsonObject {
    return isLegacy(this.version) ? { in_trash: inTrash, archived: inTrash } : { in_trash: inTrash };
  }

  private user(id: string): JsonObject {
    return { object: 'user', id };
  }

  page(page: PageRecord): JsonObject {
    const properties: JsonObject = {};
    const source = page.parent.type === 'data_source_id' ? this.store.state.dataSources[page.parent.id] : undefined;
    if (source) {
      for (const property of source.properties) {
        const value = page.properties[property.id];
        if (value) properties[property.name] = renderPropertyValue(property.id, value, this);
      }
    } else if (page.properties.title) {
      properties.title = renderPropertyValue('title', page.properties.title, this);
    }
    return {
      object: 'page',
      id: page.id,
      created_time: minute(page.createdTime),
      last_edited_time: minute(page.lastEditedTime),
      created_by: this.user(page.createdBy),
      last_edited_by: this.user(page.lastEditedBy),
      cover: page.cover,
      icon: page.icon,
      parent: this.pageParent(page.parent),
      ...this.trash(page.inTrash),
      is_locked: page.isLocked,
      properties,
      url: this.pageUrl(page),
      public_url: null,
    };
  }

  pageParent(parent: PageParent): JsonObject {
    switch (parent.type) {
      case 'workspace':
        return { type: 'workspace', workspace: true };
      case 'data_source_id':
        return { type: 'data_source_id', data_source_id: parent.id, database_id: parent.databaseId };
      default:
        return { type: parent.type, [parent.type]: parent.id };
    }
  }

  /** Any child of a page or block as a block: pages become `child_page`, databases `child_database`. */
  block(id: string): JsonObject {
    const node = this.store.node(id);
    if (!node) throw new Error(`unknown block ${id}`);
    if (node.kind === 'block') return this.plainBlock(node.record);
    if (node.kind === 'page') {
      return this.blockEnvelope(node.record, 'child_page', { title: this.title(id) ?? '' }, node.record.children);
    }
    if (node.kind === 'database') {
      return this.blockEnvelope(node.record, 'child_database', { title: plainTextOf(node.record.title) }, []);
    }
    throw new Error(`a data source is not a block: ${id}`);
  }

  private plainBlock(block: BlockRecord): JsonObject {
    const data: JsonObject = {};
    for (const [key, value] of Object.entries(block.data)) {
      data[key] = (key === 'rich_text' || key === 'caption') && Array.isArray(value) ? renderRichText(value as JsonObject[], this) : value;
    }
    return this.blockEnvelope(block, block.type, data, block.children);
  }

  private blockEnvelope(
    record: PageRecord | BlockRecord | DatabaseRecord,
    type: string,
    payload: JsonObject,
    children: string[],
  ): JsonObject {
    const parent = record.parent;
    return {
      object: 'block',
      id: record.id,
      parent: parent.type === 'workspace' ? { type: 'workspace', workspace: true } : this.pageParent(parent as PageParent),
      created_time: minute(record.createdTime),
      last_edited_time: minute(record.lastEditedTime),
      created_by: this.user(record.createdBy),
      last_edited_by: this.user(record.lastEditedBy),
      has_children: children.some((child) => !this.store.node(child)?.record.inTrash),
      ...this.trash(record.inTrash),
      type,
      [type]: payload,
    };
  }

  database(db: DatabaseRecord): JsonObject {
    return {
      object: 'database',
      id: db.id,
      title: renderRichText(db.title, this),
      description: renderRichText(db.description, this),
      parent: databaseParent(db),
      is_inline: db.isInline,
      ...this.trash(db.inTrash),
      is_locked: db.isLocked,
      created_time: minute(db.createdTime),
      last_edited_time: minute(db.lastEditedTime),
      data_sources: db.dataSourceIds.map((id) => ({ id, name: plainTextOf(this.store.state.dataSources[id]?.title ?? []) })),
      icon: db.icon,
      cover: db.cover,
      url: this.url(db.id),
      public_url: null,
    };
  }

  dataSource(source: DataSourceRecord): JsonObject {
    const db = this.store.state.databases[source.databaseId];
    const properties: JsonObject = {};
    for (const property of source.properties) properties[property.name] = renderPropertyConfig(property);
    return {
      object: 'data_source',
      id: source.id,
      title: renderRichText(source.title, this),
      description: renderRichText(source.description, this),
      parent: { type: 'database_id', database_id: source.databaseId },
      database_parent: databaseParent(db),
      is_inline: db.isInline,
      ...this.trash(source.inTrash),
      created_time: minute(source.createdTime),
      last_edited_time: minute(source.lastEditedTime),
      created_by: this.user(source.createdBy),
      last_edited_by: this.user(source.lastEditedBy),
      properties,
      icon: db.icon,
      cover: db.cover,
      url: this.url(source.id),
      public_url: null,
    };
  }

  botUser(bot: Bot): JsonObject {
    const integration = this.store.state.integrations[bot.integrationId];
    const workspace = this.store.state.workspaces[bot.workspaceId];
    return {
      object: 'user',
      id: bot.id,
      name: integration.name,
      avatar_url: null,
      type: 'bot',
      bot: {
        owner: this.botOwner(bot),
        workspace_id: workspace.id,
        workspace_name: workspace.name,
        workspace_limits: { max_file_upload_size_in_bytes: FILE_UPLOAD_LIMIT },
      },
    };
  }

  person(person: Person): JsonObject {
    return { object: 'user', id: person.id, name: person.name, avatar_url: person.avatarUrl, type: 'person', person: { email: person.email } };
  }

  /** Public bots are owned by the person who installed them; internal ones by the workspace. */
  botOwner(bot: Bot): JsonObject {
    const person = bot.ownerPersonId ? this.store.state.people[bot.ownerPersonId] : undefined;
    if (!person) return { type: 'workspace', workspace: true };
    return { type: 'user', user: this.person(person) };
  }

  list(type: 'block' | 'page_or_data_source', results: JsonObject[], nextCursor: string | null): JsonObject {
    return { object: 'list', results, next_cursor: nextCursor, has_more: nextCursor !== null, type, [type]: {} };
  }
}

/** Where a database sits, as both the database and its data sources report it. */
function databaseParent(db: DatabaseRecord): JsonObject {
  return db.parent.type === 'workspace' ? { type: 'workspace', workspace: true } : { type: 'page_id', page_id: db.parent.id };
}

/**
 * Notion reports times rounded down to the minute (`2026-03-11T10:15:00.000Z`), so two edits in
 * one minute show the same `last_edited_time`. The store keeps the exact time for ordering.
 */
export function minute(iso: string): string {
  return `${iso.slice(0, 16)}:00.000Z`;
}
