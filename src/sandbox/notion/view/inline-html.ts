import { escapeHtml } from '../oauth/consent-page';
import { JsonObject, PageRecord, PropertyValue, SelectOption } from '../store/model';
import { SandboxStore, plainTextOf } from '../store/store';
import { safeHref } from './layout';

/** Rich text, mentions and property values as inline HTML, shared by the page view and its tables. */
export class InlineHtml {
  constructor(
    private readonly store: SandboxStore,
    private readonly pageUrl: (page: PageRecord) => string,
    private readonly objectUrl: (id: string) => string,
  ) {}

  propertyValue(value: PropertyValue | undefined): string {
    if (!value) return '';
    switch (value.type) {
      case 'title':
      case 'rich_text':
        return this.richText(value.value);
      case 'select':
        return value.value ? tag(value.value) : '';
      case 'multi_select':
        return value.value.map(tag).join('');
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

  mentionLink(id: string): string {
    const node = this.store.node(id);
    if (node?.kind === 'page') return `<a class="mention" href="${escapeHtml(this.pageUrl(node.record))}">${escapeHtml(plainTextOf(this.store.pageTitle(node.record)) || 'Untitled')}</a>`;
    if (node?.kind === 'database' || node?.kind === 'data_source') return `<a class="mention" href="${escapeHtml(this.objectUrl(node.record.id))}">${escapeHtml(plainTextOf(node.record.title) || 'Untitled')}</a>`;
    return '<span class="mention">Untitled</span>';
  }

  richText(items: JsonObject[]): string {
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

function tag(option: SelectOption): string {
  const color = option.color && option.color !== 'default' ? ` c-${escapeHtml(option.color)}` : '';
  return `<span class="tag${color}">${escapeHtml(option.name)}</span>`;
}
