import { escapeHtml } from '../oauth/consent-page';
import { BlockRecord, DatabaseRecord, JsonObject, PageRecord } from '../store/model';
import { SandboxStore, plainTextOf } from '../store/store';
import { TableCells, databaseTables } from './database-table';
import { InlineHtml } from './inline-html';
import { externalUrl, layout, safeHref, timeElement } from './layout';

/** Rows an inline database shows inside its page before linking to the whole table. */
const INLINE_ROWS = 50;

export { VIEW_HEADERS } from './layout';

/**
 * A read-only HTML rendering of a page or database, served at its `url`, so a person can look at
 * what an integration wrote: breadcrumbs back to the top, who edited it last and when, databases
 * as tables. Everything is escaped; there is no script, and the Content-Security-Policy allows
 * only the one inline style sheet (by hash) and images.
 */
export class PageView {
  constructor(
    private readonly store: SandboxStore,
    private readonly pageUrl: (page: PageRecord) => string,
    private readonly objectUrl: (id: string) => string,
  ) {
    this.inline = new InlineHtml(store, pageUrl, objectUrl);
  }

  private readonly inline: InlineHtml;

  page(page: PageRecord): string {
    const title = plainTextOf(this.store.pageTitle(page)) || 'Untitled';
    const parts: string[] = [];
    const cover = externalUrl(page.cover);
    if (cover) parts.push(`<img class="cover" alt="" src="${escapeHtml(cover)}">`);
    if (this.store.isEffectivelyTrashed(page.id)) parts.push('<p class="trash" id="in-trash">This page is in the trash.</p>');
    parts.push(this.crumbs(page.id, title));
    const icon = this.icon(page.icon);
    if (icon) parts.push(`<div class="icon" id="page-icon">${icon}</div>`);
    parts.push(`<h1 id="page-title">${escapeHtml(title)}</h1>`);
    parts.push(`<p class="edited" id="last-edited">Last edited ${this.edited(page)}</p>`);
    parts.push(this.properties(page));
    parts.push(`<main id="content">${this.blocks(page.children)}</main>`);
    // A page showing an inline database's table gets the room a table needs.
    const wide = page.children.some((id) => this.store.state.databases[id]?.isInline && !this.store.state.databases[id].inTrash);
    return layout(title, parts.filter(Boolean).join('\n'), { wide });
  }

  database(db: DatabaseRecord): string {
    const title = plainTextOf(db.title) || 'Untitled';
    const parts: string[] = [];
    if (this.store.isEffectivelyTrashed(db.id)) parts.push('<p class="trash" id="in-trash">This database is in the trash.</p>');
    parts.push(this.crumbs(db.id, title));
    const icon = this.icon(db.icon);
    if (icon) parts.push(`<div class="icon" id="page-icon">${icon}</div>`);
    parts.push(`<h1 id="page-title">${escapeHtml(title)}</h1>`);
    if (db.description.length) parts.push(`<p class="description">${this.inline.richText(db.description)}</p>`);
    parts.push(`<p class="edited" id="last-edited">Last edited ${this.edited(db)}</p>`);
    parts.push(`<main id="rows">${databaseTables(this.store, db, this.cells)}</main>`);
    return layout(title, parts.join('\n'), { wide: true });
  }

  private readonly cells: TableCells = {
    value: (value) => this.inline.propertyValue(value),
    rowTitle: (row) => {
      const icon = row.icon && (row.icon as JsonObject).type === 'emoji' ? `${escapeHtml(String((row.icon as JsonObject).emoji))} ` : '';
      return `<a href="${escapeHtml(this.pageUrl(row))}">${icon}${escapeHtml(plainTextOf(this.store.pageTitle(row)) || 'Untitled')}</a>`;
    },
    edited: (row) => this.edited(row),
  };

  /** `<time> by <name>`: the last edit's time (to the minute, as Notion shows it) and its author, a person or an integration. */
  private edited(record: { lastEditedTime: string; lastEditedBy: string }): string {
    return `${timeElement(record.lastEditedTime)} by <span class="author">${escapeHtml(this.authorName(record.lastEditedBy))}</span>`;
  }

  private authorName(id: string): string {
    const person = this.store.state.people[id];
    if (person) return person.name;
    const bot = this.store.state.bots[id];
    const integration = bot ? this.store.state.integrations[bot.integrationId] : undefined;
    return integration ? integration.name : 'Unknown';
  }

  /** Breadcrumbs from the workspace down to this page or database, each ancestor a link. */
  private crumbs(id: string, title: string): string {
    const node = this.store.node(id);
    const workspace = node ? this.store.state.workspaces[node.record.workspaceId] : undefined;
    const items = [`<span class="workspace">${escapeHtml(workspace?.name ?? 'Workspace')}</span>`, ...this.trail(id), `<span aria-current="page">${escapeHtml(title)}</span>`];
    return `<nav class="crumbs" id="breadcrumbs" aria-label="Breadcrumbs">${items.join('<span class="sep">/</span>')}</nav>`;
  }

  private icon(icon: unknown): string {
    if (!icon || typeof icon !== 'object') return '';
    const value = icon as JsonObject;
    if (value.type === 'emoji') return escapeHtml(String(value.emoji));
    const url = externalUrl(icon);
    return url ? `<img alt="" src="${escapeHtml(url)}">` : '';
  }

  private properties(page: PageRecord): string {
    if (page.parent.type !== 'data_source_id') return '';
    const source = this.store.state.dataSources[page.parent.id];
    const rows = (source?.properties ?? [])
      .filter((p) => p.type !== 'title')
      .map((p) => `<tr><th scope="row">${escapeHtml(p.name)}</th><td data-property="${escapeHtml(p.name)}">${this.inline.propertyValue(page.properties[p.id])}</td></tr>`);
    return rows.length ? `<table class="properties" id="properties">${rows.join('')}</table>` : '';
  }

  /** Children in order; consecutive list items share one list element, as Notion shows them. */
  private blocks(ids: string[]): string {
    const out: string[] = [];
    let list: { tag: 'ul' | 'ol'; items: string[] } | null = null;
    const flush = () => {
      if (list) out.push(`<${list.tag}>${list.items.join('')}</${list.tag}>`);
      list = null;
    };
    for (const id of ids) {
      const node = this.store.node(id);
      if (!node || node.record.inTrash) continue;
      if (node.kind === 'block' && (node.record.type === 'bulleted_list_item' || node.record.type === 'numbered_list_item')) {
        const tag = node.record.type === 'bulleted_list_item' ? 'ul' : 'ol';
        if (list && list.tag !== tag) flush();
        list ??= { tag, items: [] };
        list.items.push(`<li data-block-type="${node.record.type}">${this.text(node.record)}${this.children(node.record)}</li>`);
        continue;
      }
      flush();
      if (node.kind === 'page') out.push(`<p class="child-page" data-block-type="child_page"><a href="${escapeHtml(this.pageUrl(node.record))}">📄 ${escapeHtml(plainTextOf(this.store.pageTitle(node.record)) || 'Untitled')}</a></p>`);
      else if (node.kind === 'database') out.push(this.childDatabase(node.record));
      else if (node.kind === 'block') out.push(this.block(node.record));
    }
    flush();
    return out.join('\n');
  }

  /** An inline database shows its table in the page (its newest rows); a full-page one is a link. */
  private childDatabase(db: DatabaseRecord): string {
    const href = escapeHtml(this.objectUrl(db.id));
    const title = escapeHtml(plainTextOf(db.title) || 'Untitled');
    if (!db.isInline) return `<p class="child-database" data-block-type="child_database"><a href="${href}">🗂 ${title}</a></p>`;
    const tables = databaseTables(this.store, db, this.cells, { limit: INLINE_ROWS, moreHref: this.objectUrl(db.id) });
    return `<section class="child-database" data-block-type="child_database"><h2><a href="${href}">${title}</a></h2>${tables}</section>`;
  }

  private children(block: BlockRecord): string {
    const inner = this.blocks(block.children);
    return inner ? `<div class="nested">${inner}</div>` : '';
  }

  private text(block: BlockRecord): string {
    return this.inline.richText((block.data.rich_text as JsonObject[] | undefined) ?? []);
  }

  private color(block: BlockRecord): string {
    const color = typeof block.data.color === 'string' && block.data.color !== 'default' ? block.data.color : null;
    return color ? ` class="c-${escapeHtml(color)}"` : '';
  }

  private block(block: BlockRecord): string {
    const d = block.data;
    const type = escapeHtml(block.type);
    const attr = `data-block-type="${type}"`;
    switch (block.type) {
      case 'paragraph':
        return `<p ${attr}${this.color(block)}>${this.text(block)}</p>${this.children(block)}`;
      case 'heading_1':
      case 'heading_2':
      case 'heading_3': {
        const level = Number(block.type.slice(-1)) + 1;
        const heading = `<h${level} ${attr}${this.color(block)}>${this.text(block)}</h${level}>`;
        return d.is_toggleable ? `<details open><summary>${heading}</summary>${this.children(block)}</details>` : heading;
      }
      case 'to_do':
        return `<div class="todo${d.checked ? ' checked' : ''}" ${attr}><input type="checkbox" disabled${d.checked ? ' checked' : ''} aria-label="done"><span class="text">${this.text(block)}</span></div>${this.children(block)}`;
      case 'toggle':
        return `<details ${attr}><summary>${this.text(block)}</summary>${this.children(block)}</details>`;
      case 'quote':
        return `<blockquote ${attr}>${this.text(block)}${this.children(block)}</blockquote>`;
      case 'callout':
        return `<aside class="callout" ${attr}><span class="callout-icon">${this.icon(d.icon)}</span><div>${this.text(block)}${this.children(block)}</div></aside>`;
      case 'code':
        return `<figure ${attr}><pre><code data-language="${escapeHtml(String(d.language ?? ''))}">${escapeHtml(plainTextOf((d.rich_text as JsonObject[]) ?? []))}</code></pre>${this.caption(d)}</figure>`;
      case 'equation':
        return `<div class="equation" ${attr}><code>${escapeHtml(String(d.expression ?? ''))}</code></div>`;
      case 'divider':
        return `<hr ${attr}>`;
      case 'breadcrumb':
        return this.breadcrumb(block.id);
      case 'table_of_contents':
        return `<nav class="toc" ${attr}>${this.tableOfContents(block)}</nav>`;
      case 'bookmark':
      case 'embed': {
        const url = String(d.url ?? '');
        const href = safeHref(url);
        return `<p ${attr}>${href ? `<a href="${escapeHtml(href)}">${escapeHtml(url)}</a>` : escapeHtml(url)}</p>${this.caption(d)}`;
      }
      case 'link_to_page': {
        const target = String(d.page_id ?? d.database_id ?? '');
        return `<p ${attr}>↗ ${this.inline.mentionLink(target)}</p>`;
      }
      default:
        return `<p ${attr}>${this.text(block)}</p>`;
    }
  }

  private caption(d: JsonObject): string {
    const caption = (d.caption as JsonObject[] | undefined) ?? [];
    return caption.length ? `<figcaption class="caption">${this.inline.richText(caption)}</figcaption>` : '';
  }

  /** The `breadcrumb` block: the links above it, as Notion shows them. */
  private breadcrumb(id: string): string {
    return `<div class="breadcrumb" data-block-type="breadcrumb">${this.trail(id).join(' / ')}</div>`;
  }

  /** Links to the pages and databases above `id`, outermost first. */
  private trail(id: string): string[] {
    const trail: string[] = [];
    let node = this.store.node(id);
    for (let current = node ? this.store.parentOf(node) : null, depth = 0; current && depth < 100; depth += 1) {
      node = this.store.node(current);
      if (!node) break;
      if (node.kind === 'page') trail.unshift(`<a href="${escapeHtml(this.pageUrl(node.record))}">${escapeHtml(plainTextOf(this.store.pageTitle(node.record)) || 'Untitled')}</a>`);
      if (node.kind === 'database') trail.unshift(`<a href="${escapeHtml(this.objectUrl(node.record.id))}">${escapeHtml(plainTextOf(node.record.title) || 'Untitled')}</a>`);
      current = this.store.parentOf(node);
    }
    return trail;
  }

  private tableOfContents(block: BlockRecord): string {
    const pageId = this.pageOf(block.id);
    const page = pageId ? this.store.state.pages[pageId] : undefined;
    const headings = (page?.children ?? [])
      .map((id) => this.store.state.blocks[id])
      .filter((b) => b && !b.inTrash && b.type.startsWith('heading_'))
      .map((b) => `<li>${escapeHtml(plainTextOf((b.data.rich_text as JsonObject[]) ?? []))}</li>`);
    return `<ul>${headings.join('')}</ul>`;
  }

  private pageOf(id: string): string | null {
    let current: string | null = id;
    for (let depth = 0; current && depth < 1000; depth += 1) {
      const node = this.store.node(current);
      if (!node) return null;
      if (node.kind === 'page') return node.record.id;
      current = this.store.parentOf(node);
    }
    return null;
  }

}

/** The id at the end of a page address: `/Title-words-<32 hex>` or `/<32 hex>`. */
export function idFromPath(segment: string): string | null {
  const match = /(?:^|-)([0-9a-f]{32})$/i.exec(segment);
  if (!match) return null;
  const v = match[1].toLowerCase();
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
}
