import { bodyValidation } from '../core/errors';
import { normalizeId } from '../core/ids';
import { Json, JsonObject } from '../store/model';
import { parseRichText } from './rich-text';
import { PayloadBudget, MAX_URL, Obj, isObject, requireArray, requireObject, requireString, optionalBoolean } from './validate';

/** A validated block from a request, not yet stored. */
export interface BlockDraft {
  type: string;
  data: JsonObject;
  children: BlockDraft[];
}

type PayloadParser = (payload: Obj, path: string, existing: JsonObject | null) => JsonObject;

const color = (payload: Obj, path: string, existing: JsonObject | null): string =>
  payload.color === undefined ? String(existing?.color ?? 'default') : requireString(payload.color, `${path}.color`);

const richText = (payload: Obj, path: string, existing: JsonObject | null, key = 'rich_text'): Json =>
  payload[key] === undefined ? (existing?.[key] ?? []) : parseRichText(payload[key], `${path}.${key}`);

const textWithColor: PayloadParser = (p, path, e) => ({ rich_text: richText(p, path, e), color: color(p, path, e) });

const heading: PayloadParser = (p, path, e) => ({
  ...textWithColor(p, path, e),
  is_toggleable: optionalBoolean(p.is_toggleable, `${path}.is_toggleable`) ?? Boolean(e?.is_toggleable),
});

const withCaptionAndUrl: PayloadParser = (p, path, e) => ({
  url: p.url === undefined && e ? (e.url as string) : requireString(p.url, `${path}.url`, MAX_URL),
  caption: richText(p, path, e, 'caption'),
});

const PARSERS: Record<string, PayloadParser> = {
  paragraph: textWithColor,
  bulleted_list_item: textWithColor,
  numbered_list_item: textWithColor,
  quote: textWithColor,
  toggle: textWithColor,
  heading_1: heading,
  heading_2: heading,
  heading_3: heading,
  to_do: (p, path, e) => ({
    ...textWithColor(p, path, e),
    checked: optionalBoolean(p.checked, `${path}.checked`) ?? Boolean(e?.checked),
  }),
  callout: (p, path, e) => ({
    ...textWithColor(p, path, e),
    icon: p.icon === undefined ? (e?.icon ?? null) : parseIcon(p.icon, `${path}.icon`),
  }),
  code: (p, path, e) => ({
    rich_text: richText(p, path, e),
    caption: richText(p, path, e, 'caption'),
    language: p.language === undefined && e ? (e.language as string) : requireString(p.language, `${path}.language`),
  }),
  equation: (p, path, e) => ({
    expression: p.expression === undefined && e ? (e.expression as string) : requireString(p.expression, `${path}.expression`, 1000),
  }),
  divider: () => ({}),
  breadcrumb: () => ({}),
  table_of_contents: (p, path, e) => ({ color: color(p, path, e) }),
  bookmark: withCaptionAndUrl,
  embed: withCaptionAndUrl,
  link_to_page: (p, path) => parseLinkToPage(p, path),
};

/** Block types whose payload may carry `children`. */
const NESTABLE = new Set([
  'paragraph', 'bulleted_list_item', 'numbered_list_item', 'quote', 'toggle', 'to_do', 'callout',
  'heading_1', 'heading_2', 'heading_3',
]);

export const SUPPORTED_BLOCK_TYPES = Object.keys(PARSERS);

/**
 * Parses `children` of an append or page create. Notion allows two levels of nesting below the
 * blocks of the request itself, so `level` runs from 1 (top) to 3 (no children allowed).
 */
export function parseBlockList(value: unknown, path: string, budget: PayloadBudget, level = 1): BlockDraft[] {
  return requireArray(value, path).map((raw, index) => parseBlock(raw, `${path}[${index}]`, budget, level));
}

function parseBlock(raw: unknown, path: string, budget: PayloadBudget, level: number): BlockDraft {
  budget.addBlock();
  const block = requireObject(raw, path);
  const type = typeof block.type === 'string' ? block.type : Object.keys(block).find((key) => !['object', 'type', 'children'].includes(key));
  if (!type || !(type in PARSERS)) {
    throw bodyValidation(`${path}.type`, `should be one of ${SUPPORTED_BLOCK_TYPES.map((t) => `\`"${t}"\``).join(', ')}`, type);
  }
  const payload = requireObject(block[type], `${path}.${type}`);
  const data = PARSERS[type](payload, `${path}.${type}`, null);
  const rawChildren = payload.children ?? block.children;
  let children: BlockDraft[] = [];
  if (rawChildren !== undefined) {
    const childPath = payload.children !== undefined ? `${path}.${type}.children` : `${path}.children`;
    if (!NESTABLE.has(type)) throw bodyValidation(childPath, 'should be not present', rawChildren);
    if (level >= 3) throw bodyValidation(childPath, 'should be not present (at most two levels of nesting per request)', rawChildren);
    children = parseBlockList(rawChildren, childPath, budget, level + 1);
  }
  // A heading created with children is a toggle heading on Notion (its children fold under it).
  if (type.startsWith('heading_') && children.length > 0) data.is_toggleable = true;
  return { type, data, children };
}

/** For PATCH /v1/blocks/{id}: only the fields given change, the type stays. */
export function parseBlockUpdate(type: string, payload: unknown, path: string, existing: JsonObject): JsonObject {
  const parser = PARSERS[type];
  if (!parser) throw bodyValidation(path, `cannot update a block of type \`${type}\` through the API`, payload);
  return parser(requireObject(payload, path), path, existing);
}

function parseLinkToPage(payload: Obj, path: string): JsonObject {
  for (const key of ['page_id', 'database_id'] as const) {
    if (payload[key] !== undefined) {
      const id = typeof payload[key] === 'string' ? normalizeId(payload[key] as string) : null;
      if (!id) throw bodyValidation(`${path}.${key}`, 'should be a valid uuid', payload[key]);
      return { type: key, [key]: id };
    }
  }
  throw bodyValidation(path, 'should define `page_id` or `database_id`', payload);
}

export function parseIcon(value: unknown, path: string): Json {
  if (value === null) return null;
  const icon = requireObject(value, path);
  if (icon.emoji !== undefined) return { type: 'emoji', emoji: requireString(icon.emoji, `${path}.emoji`) };
  if (icon.external !== undefined) {
    return { type: 'external', external: { url: requireString(requireObject(icon.external, `${path}.external`).url, `${path}.external.url`, MAX_URL) } };
  }
  throw bodyValidation(path, 'should define `emoji` or `external`', value);
}

export function parseCover(value: unknown, path: string): Json {
  if (value === null) return null;
  const cover = requireObject(value, path);
  if (isObject(cover.external)) {
    return { type: 'external', external: { url: requireString(cover.external.url, `${path}.external.url`, MAX_URL) } };
  }
  throw bodyValidation(path, 'should define `external`', value);
}
