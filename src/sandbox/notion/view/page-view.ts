import { createHash } from 'node:crypto';
import { escapeHtml } from '../oauth/consent-page';
import { BlockRecord, DatabaseRecord, JsonObject, PageRecord, PropertyValue } from '../store/model';
import { SandboxStore, plainTextOf } from '../store/store';

/**
 * A read-only HTML rendering of a page, served at the page's `url`, so a person can look at what
 * an integration wrote. Everything is escaped; there is no script, and the Content-Security-Policy
 * allows only the one inline style sheet (by hash) and images.
 */
const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1.2rem;color:#37352f;line-height:1.5}
h1{font-size:2.2rem;margin:.4rem 0 1rem}h2{font-size:1.6rem}h3{font-size:1.3rem}h4{font-size:1.1rem}
.icon{font-size:3rem}.icon img{width:3rem;height:3rem}.cover{width:100%;max-height:14rem;object-fit:cover}
.trash{background:#eb5757;color:#fff;padding:.4rem .8rem;border-radius:4px}
table.properties{border-collapse:collapse;margin-bottom:1.5rem}table.properties th{text-align:left;color:#787774;font-weight:normal;padding:.2rem 1.5rem .2rem 0}
.todo{display:flex;gap:.5rem;align-items:baseline}.todo.checked .text{text-decoration:line-through;color:#787774}
blockquote{border-left:3px solid #37352f;margin:.5rem 0;padding-left:1rem}
.callout{display:flex;gap:.6rem;background:#f1f1ef;border-radius:4px;padding:1rem;margin:.5rem 0}
pre{background:#f7f6f3;padding:1rem;border-radius:4px;overflow-x:auto}code{font-family:ui-monospace,monospace}
.mention{color:#37352f;text-decoration:underline;text-decoration-color:#b3b3b0}.nested{margin-left:1.5rem}
.caption{color:#787774;font-size:.9rem}.breadcrumb,.toc{color:#787774}figure{margin:.5rem 0}summary>h2,summary>h3,summary>h4{display:inline}
.c-gray{color:#787774}.c-brown{color:#9f6b53}.c-orange{color:#d9730d}.c-yellow{color:#cb912f}.c-green{color:#448361}.c-blue{color:#337ea9}.c-purple{color:#9065b0}.c-pink{color:#c14c8a}.c-red{color:#d44c47}
[class*=_background]{padding:0 .15em;border-radius:3px}.c-gray_background{background:#f1f1ef}.c-brown_background{background:#f4eeee}.c-orange_background{background:#fbecdd}.c-yellow_background{background:#fbf3db}.c-green_background{background:#edf3ec}.c-blue_background{background:#e7f3f8}.c-purple_background{background:#f6f3f9}.c-pink_background{background:#faf1f5}.c-red_background{background:#fdebec}`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** Security headers of every page view. */
export const VIEW_HEADERS: Record<string, string> = {
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src http: https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Only web and mail links become `href`s (never `javascript:` or other schemes). */
export function safeHref(url: string): string | null {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  try {
    const parsed = new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.toString() : null;
  } catch {
    return null;
  }
}

export class PageView {
  constructor(
    private readonly store: SandboxStore,
    private readonly pageUrl: (page: PageRecord) => string,
    private readonly objectUrl: (id: string) => string,
  ) {}

  page(page: PageRecord): string {
    const title = plainTextOf(this.store.pageTitle(page)) || 'Untitled';
    const parts: string[] = [];
    const cover = externalUrl(page.cover);
    if (cover) parts.push(`<img class="cover" alt="" src="${escapeHtml(cover)}">`);
    if (this.store.isEffectivelyTrashed(page.id)) parts.push('<p class="trash" id="in-trash">This page is in the trash.</p>');
    parts.push(this.breadcrumb(page.id, 'nav'));
    const icon = this.icon(page.icon);
    if (icon) parts.push(`<div class="icon" id="page-icon">${icon}</div>`);
    parts.push(`<h1 id="page-title">${escapeHtml(title)}</h1>`);
    parts.push(this.properties(page));
    parts.push(`<main id="content">${this.blocks(page.children)}</main>`);
    return layout(title, parts.filter(Boolean).join('\n'));
  }

  database(db: DatabaseRecord): string {
    const title = plainTextOf(db.title) || 'Untitled';
    const rows = Object.values(this.store.state.pages).filter((p) => p.parent.type === 'data_source_id' && db.dataSourceIds.includes(p.parent.id) && !p.inTrash);
    const items = rows.map((row) => `<li><a href="${escapeHtml(this.pageUrl(row))}">${escapeHtml(plainTextOf(this.store.pageTitle(row)) || 'Untitled')}</a></li>`).join('\n');
    const icon = this.icon(db.icon);
    return layout(title, `${icon ? `<div class="icon" id="page-icon">${icon}</div>\n` : ''}<h1 id="page-title">${escapeHtml(title)}</h1>\n<ul id="rows">${items}</ul>`);
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
      .map((p) => `<tr><th scope="row">${escapeHtml(p.name)}</th><td data-property="${escapeHtml(p.name)}">${this.propertyValue(page.properties[p.id])}</td></tr>`);
    return rows.length ? `<table class="properties" id="properties">${rows.join('')}</table>` : '';
  }

  private propertyValue(value: PropertyValue | undefined): string {
    if (!value) return '';
    switch (value.type) {
      case 'title':
      case 'rich_text':
        return this.richText(value.value);
      case 'select':
        return value.value ? escapeHtml(value.value.name) : '';
      case 'multi_select':
        return escapeHtml(value.value.map((o) => o.name).join(', '));
      case 'date':
        return value.value ? escapeHtml(value.value.end ? `${value.value.start} → ${value.value.end}` : value.value.start) : '';
      case 'checkbox':
        return value.value ? '☑' : '☐';
      case 'number':
        return value.value === null ? '' : escapeHtml(String(value.value));
      case 'url': {
        const href = value.value ? safeHref(value.value) : null;
        return value.value ? (href ? `<a href="${escapeHtml(href)}">${escapeHtml(value.value)}</a>` : escapeHtml(value.value)) : '';
      }
      case 'relation':
        return value.value.map((id) => this.mentionLink(id)).join(', ');
    }
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
      else if (node.kind === 'database') out.push(`<p class="child-database" data-block-type="child_database"><a href="${escapeHtml(this.objectUrl(node.record.id))}">🗂 ${escapeHtml(plainTextOf(node.record.title) || 'Untitled')}</a></p>`);
      else if (node.kind === 'block') out.push(this.block(node.record));
    }
    flush();
    return out.join('\n');
  }

  private children(block: BlockRecord): string {
    const inner = this.blocks(block.children);
    return inner ? `<div class="nested">${inner}</div>` : '';
  }

  private text(block: BlockRecord): string {
    return this.richText((block.data.rich_text as JsonObject[] | undefined) ?? []);
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
        return this.breadcrumb(block.id, 'div');
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
        return `<p ${attr}>↗ ${this.mentionLink(target)}</p>`;
      }
      default:
        return `<p ${attr}>${this.text(block)}</p>`;
    }
  }

  private caption(d: JsonObject): string {
    const caption = (d.caption as JsonObject[] | undefined) ?? [];
    return caption.length ? `<figcaption class="caption">${this.richText(caption)}</figcaption>` : '';
  }

  private breadcrumb(id: string, tag: 'nav' | 'div'): string {
    const trail: string[] = [];
    let node = this.store.node(id);
    for (let current = node ? this.store.parentOf(node) : null, depth = 0; current && depth < 100; depth += 1) {
      node = this.store.node(current);
      if (!node) break;
      if (node.kind === 'page') trail.unshift(`<a href="${escapeHtml(this.pageUrl(node.record))}">${escapeHtml(plainTextOf(this.store.pageTitle(node.record)) || 'Untitled')}</a>`);
      if (node.kind === 'database') trail.unshift(`<a href="${escapeHtml(this.objectUrl(node.record.id))}">${escapeHtml(plainTextOf(node.record.title) || 'Untitled')}</a>`);
      current = this.store.parentOf(node);
    }
    if (tag === 'nav' && trail.length === 0) return '';
    return `<${tag} class="breadcrumb"${tag === 'div' ? ' data-block-type="breadcrumb"' : ''}>${trail.join(' / ')}</${tag}>`;
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

  private mentionLink(id: string): string {
    const node = this.store.node(id);
    if (node?.kind === 'page') return `<a class="mention" href="${escapeHtml(this.pageUrl(node.record))}">${escapeHtml(plainTextOf(this.store.pageTitle(node.record)) || 'Untitled')}</a>`;
    if (node?.kind === 'database' || node?.kind === 'data_source') return `<a class="mention" href="${escapeHtml(this.objectUrl(node.record.id))}">${escapeHtml(plainTextOf(node.record.title) || 'Untitled')}</a>`;
    return '<span class="mention">Untitled</span>';
  }

  private richText(items: JsonObject[]): string {
    return items.map((item) => this.richTextItem(item)).join('');
  }

  private richTextItem(item: JsonObject): string {
    let html: string;
    if (item.type === 'mention') {
      const mention = item.mention as JsonObject;
      if (mention.type === 'page' || mention.type === 'database') html = this.mentionLink(String((mention[mention.type] as JsonObject).id));
      else if (mention.type === 'user') {
        const person = this.store.state.people[String((mention.user as JsonObject).id)];
        html = `<span class="mention">@${escapeHtml(person?.name ?? 'Anonymous')}</span>`;
      } else if (mention.type === 'date') {
        const date = mention.date as JsonObject;
        html = `<time class="mention">${escapeHtml(date.end ? `${String(date.start)} → ${String(date.end)}` : String(date.start))}</time>`;
      } else html = escapeHtml(String(item.plain_text ?? ''));
    } else if (item.type === 'equation') {
      html = `<code class="equation">${escapeHtml(String((item.equation as JsonObject).expression))}</code>`;
    } else {
      const text = item.text as JsonObject;
      html = escapeHtml(String(text.content ?? ''));
      const link = text.link as JsonObject | null;
      const href = link ? safeHref(String(link.url)) : null;
      if (href) html = `<a href="${escapeHtml(href)}">${html}</a>`;
    }
    const a = (item.annotations ?? {}) as JsonObject;
    if (a.code) html = `<code>${html}</code>`;
    if (a.bold) html = `<strong>${html}</strong>`;
    if (a.italic) html = `<em>${html}</em>`;
    if (a.strikethrough) html = `<s>${html}</s>`;
    if (a.underline) html = `<u>${html}</u>`;
    if (typeof a.color === 'string' && a.color !== 'default') html = `<span class="c-${escapeHtml(a.color)}">${html}</span>`;
    return html;
  }
}

function externalUrl(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const external = (value as JsonObject).external as JsonObject | undefined;
  const url = typeof external?.url === 'string' ? external.url : null;
  const href = url ? safeHref(url) : null;
  return href && /^https?:/.test(href) ? href : null;
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head>
<body>
${body}
</body>
</html>
`;
}

/** The id at the end of a page address: `/Title-words-<32 hex>` or `/<32 hex>`. */
export function idFromPath(segment: string): string | null {
  const match = /(?:^|-)([0-9a-f]{32})$/i.exec(segment);
  if (!match) return null;
  const v = match[1].toLowerCase();
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
}

