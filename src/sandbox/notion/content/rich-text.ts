import { bodyValidation, validationError } from '../core/errors';
import { normalizeId } from '../core/ids';
import { JsonObject } from '../store/model';
import { MAX_EQUATION, MAX_TEXT, MAX_URL, Obj, isObject, requireArray, requireObject, requireString } from './validate';

const ANNOTATION_FLAGS = ['bold', 'italic', 'strikethrough', 'underline', 'code'] as const;

export function defaultAnnotations(): JsonObject {
  return { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' };
}

/** Resolves what a stored mention points to when a response is rendered. */
export interface MentionResolver {
  title(id: string): string | null;
  url(id: string): string;
}

/** Validates request rich text and stores it in Notion's response shape. */
export function parseRichText(value: unknown, path: string): JsonObject[] {
  return requireArray(value, path).map((item, index) => parseItem(item, `${path}[${index}]`));
}

function parseItem(raw: unknown, path: string): JsonObject {
  const item = requireObject(raw, path);
  const type = item.type ?? (item.mention ? 'mention' : item.equation ? 'equation' : 'text');
  const annotations = parseAnnotations(item.annotations, `${path}.annotations`);
  if (type === 'text') {
    const text = requireObject(item.text, `${path}.text`);
    const content = requireString(text.content, `${path}.text.content`, MAX_TEXT);
    let link: JsonObject | null = null;
    if (text.link !== undefined && text.link !== null) {
      const url = requireString(requireObject(text.link, `${path}.text.link`).url, `${path}.text.link.url`, MAX_URL);
      // The document types the URL as any string; Notion refuses what is not a link.
      if (!isLinkUrl(url)) throw validationError('Invalid URL for link.');
      link = { url };
    }
    return { type: 'text', text: { content, link }, annotations, plain_text: content, href: link ? link.url : null };
  }
  if (type === 'equation') {
    const expression = requireString(requireObject(item.equation, `${path}.equation`).expression, `${path}.equation.expression`, MAX_EQUATION);
    return { type: 'equation', equation: { expression }, annotations, plain_text: expression, href: null };
  }
  if (type === 'mention') {
    const mention = parseMention(requireObject(item.mention, `${path}.mention`), `${path}.mention`);
    return { type: 'mention', mention, annotations, plain_text: '', href: null };
  }
  throw bodyValidation(`${path}.type`, 'should be `"text"`, `"mention"` or `"equation"`', type);
}

function parseMention(mention: Obj, path: string): JsonObject {
  for (const kind of ['page', 'database', 'user'] as const) {
    if (mention[kind] !== undefined) {
      const ref = requireObject(mention[kind], `${path}.${kind}`);
      const id = typeof ref.id === 'string' ? normalizeId(ref.id) : null;
      if (!id) throw bodyValidation(`${path}.${kind}.id`, 'should be a valid uuid', ref.id);
      return kind === 'user' ? { type: 'user', user: { object: 'user', id } } : { type: kind, [kind]: { id } };
    }
  }
  if (mention.date !== undefined) {
    const date = requireObject(mention.date, `${path}.date`);
    return {
      type: 'date',
      date: {
        start: requireString(date.start, `${path}.date.start`),
        end: date.end === undefined || date.end === null ? null : requireString(date.end, `${path}.date.end`),
        time_zone: typeof date.time_zone === 'string' ? date.time_zone : null,
      },
    };
  }
  throw bodyValidation(path, 'should define one of `page`, `database`, `user` or `date`', mention);
}

function parseAnnotations(raw: unknown, path: string): JsonObject {
  const annotations = defaultAnnotations();
  if (raw === undefined) return annotations;
  const given = requireObject(raw, path);
  for (const flag of ANNOTATION_FLAGS) {
    if (given[flag] !== undefined) {
      if (typeof given[flag] !== 'boolean') throw bodyValidation(`${path}.${flag}`, 'should be a boolean', given[flag]);
      annotations[flag] = given[flag] as boolean;
    }
  }
  if (given.color !== undefined) annotations.color = requireString(given.color, `${path}.color`);
  return annotations;
}

/** Mentions show the current title of what they point to, like Notion renders them. */
export function renderRichText(items: JsonObject[], resolver: MentionResolver): JsonObject[] {
  return items.map((item) => {
    if (item.type !== 'mention' || !isObject(item.mention)) return item;
    const mention = item.mention as JsonObject;
    const kind = mention.type;
    if (kind === 'page' || kind === 'database') {
      const id = String((mention[kind] as JsonObject).id);
      return { ...item, plain_text: resolver.title(id) ?? 'Untitled', href: resolver.url(id) };
    }
    if (kind === 'date') return { ...item, plain_text: String((mention.date as JsonObject).start) };
    if (kind === 'user') return { ...item, plain_text: '@Anonymous' };
    return item;
  });
}

export function textItems(content: string): JsonObject[] {
  return content === '' ? [] : [{ type: 'text', text: { content, link: null }, annotations: defaultAnnotations(), plain_text: content, href: null }];
}

/**
 * An absolute URL, or a path inside Notion (`/<page id>`), as Notion's links accept; schemes that
 * run code where the link is opened (`javascript:`, `vbscript:`, `data:`) are refused.
 */
export function isLinkUrl(url: string): boolean {
  if (/\s/.test(url)) return false;
  if (url.startsWith('/')) return true;
  if (!URL.canParse(url)) return false;
  return !['javascript:', 'vbscript:', 'data:'].includes(new URL(url).protocol);
}
