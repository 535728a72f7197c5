import { bodyValidation, validationError } from '../core/errors';
import { normalizeId } from '../core/ids';
import { DataSourceRecord, DateValue, JsonObject, PropertyConfig, PropertyValue, SelectOption } from '../store/model';
import { MentionResolver, parseRichText, renderRichText } from './rich-text';
import { findProperty, newOption } from './property-schema';
import { MAX_URL, Obj, isObject, requireArray, requireObject, requireString } from './validate';

export const RELATION_PREVIEW = 25;

/** Values a page in a data source starts with, before its request properties apply. */
export function emptyValue(property: PropertyConfig): PropertyValue {
  switch (property.type) {
    case 'title':
    case 'rich_text':
      return { type: property.type, value: [] };
    case 'multi_select':
      return { type: 'multi_select', value: [] };
    case 'relation':
      return { type: 'relation', value: [] };
    case 'checkbox':
      return { type: 'checkbox', value: false };
    case 'select':
    case 'date':
    case 'number':
    case 'url':
      return { type: property.type, value: null };
  }
}

/**
 * Properties of a page under a page or the workspace: only `title` exists there.
 * Accepts both `{title: [...]}` and `{title: {title: [...]}}`.
 */
export function parsePlainPageProperties(value: unknown, path: string): Record<string, PropertyValue> {
  if (value === undefined) return {};
  const props = requireObject(value, path);
  const result: Record<string, PropertyValue> = {};
  for (const [key, raw] of Object.entries(props)) {
    if (key !== 'title') {
      throw validationError(`${key} is not a property that exists. Pages whose parent is a page can only have a \`title\` property.`);
    }
    const items = Array.isArray(raw) ? raw : requireObject(raw, `${path}.title`).title;
    result.title = { type: 'title', value: parseRichText(items, `${path}.title.title`) };
  }
  return result;
}

/** Parses request property values against a data source's schema (keys are names or ids). */
export function parseDataSourceProperties(value: unknown, path: string, source: DataSourceRecord): Map<PropertyConfig, PropertyValue> {
  const result = new Map<PropertyConfig, PropertyValue>();
  if (value === undefined) return result;
  for (const [key, raw] of Object.entries(requireObject(value, path))) {
    const property = findProperty(source.properties, key);
    if (!property) throw validationError(`${key} is not a property that exists.`);
    result.set(property, parseValue(property, raw, `${path}.${key}`));
  }
  return result;
}

function parseValue(property: PropertyConfig, raw: unknown, path: string): PropertyValue {
  const type = property.type;
  // Notion accepts the bare value for title/rich_text and the wrapped `{type: value}` form for all.
  const inner = isObject(raw) && type in raw ? raw[type] : raw;
  if (isObject(raw) && typeof raw.type === 'string' && raw.type !== type) {
    throw validationError(`${property.name} is expected to be ${type}.`);
  }
  switch (type) {
    case 'title':
    case 'rich_text':
      return { type, value: parseRichText(inner, `${path}.${type}`) };
    case 'checkbox':
      if (typeof inner !== 'boolean') throw bodyValidation(`${path}.checkbox`, 'should be a boolean', inner);
      return { type, value: inner };
    case 'number':
      if (inner !== null && typeof inner !== 'number') throw bodyValidation(`${path}.number`, 'should be a number or `null`', inner);
      return { type, value: inner };
    case 'url':
      return { type, value: inner === null ? null : requireString(inner, `${path}.url`, MAX_URL) };
    case 'date':
      return { type, value: inner === null ? null : parseDate(inner, `${path}.date`) };
    case 'select':
      return { type, value: inner === null ? null : selectOption(property, inner, `${path}.select`) };
    case 'multi_select':
      return { type, value: requireArray(inner, `${path}.multi_select`).map((o, i) => selectOption(property, o, `${path}.multi_select[${i}]`)) };
    case 'relation':
      return { type, value: requireArray(inner, `${path}.relation`).map((r, i) => relationId(r, `${path}.relation[${i}]`)) };
  }
}

function parseDate(raw: unknown, path: string): DateValue {
  const date = requireObject(raw, path);
  const start = requireString(date.start, `${path}.start`);
  if (Number.isNaN(Date.parse(start))) throw bodyValidation(`${path}.start`, 'should be an ISO 8601 date', start);
  const end = date.end === undefined || date.end === null ? null : requireString(date.end, `${path}.end`);
  return { start, end, time_zone: typeof date.time_zone === 'string' ? date.time_zone : null };
}

/** A named option that does not exist yet is drafted here and added to the schema when the values are applied (setValues). */
function selectOption(property: PropertyConfig, raw: unknown, path: string): SelectOption {
  const given = requireObject(raw, path) as Obj;
  const options = property.options ?? [];
  if (typeof given.id === 'string') {
    const byId = options.find((o) => o.id === given.id);
    if (!byId) throw validationError(`Invalid select option id: ${given.id} for property ${property.name}.`);
    return byId;
  }
  const name = requireString(given.name, `${path}.name`, 100);
  if (name.includes(',') && property.type === 'multi_select') throw bodyValidation(`${path}.name`, 'should not contain commas', name);
  return options.find((o) => o.name === name) ?? newOption(name, typeof given.color === 'string' ? given.color : undefined);
}

function relationId(raw: unknown, path: string): string {
  const ref = requireObject(raw, path);
  const id = typeof ref.id === 'string' ? normalizeId(ref.id) : null;
  if (!id) throw bodyValidation(`${path}.id`, 'should be a valid uuid', ref.id);
  return id;
}

export function renderPropertyValue(id: string, value: PropertyValue, resolver: MentionResolver): JsonObject {
  switch (value.type) {
    case 'title':
    case 'rich_text':
      return { id, type: value.type, [value.type]: renderRichText(value.value, resolver) };
    case 'select':
      return { id, type: 'select', select: value.value ? partialOption(value.value) : null };
    case 'multi_select':
      return { id, type: 'multi_select', multi_select: value.value.map(partialOption) };
    case 'relation':
      // Notion shows the first 25 related pages; the rest come from the property item endpoint.
      return { id, type: 'relation', relation: value.value.slice(0, RELATION_PREVIEW).map((pageId) => ({ id: pageId })), has_more: value.value.length > RELATION_PREVIEW };
    case 'date':
      return { id, type: 'date', date: value.value };
    default:
      return { id, type: value.type, [value.type]: value.value };
  }
}

function partialOption(option: SelectOption): JsonObject {
  return { id: option.id, name: option.name, color: option.color };
}

/**
 * `GET /v1/pages/{id}/properties/{property_id}`: title, rich text and relation values are
 * paginated lists of property items; the others are one property item.
 */
export function propertyItems(id: string, value: PropertyValue, resolver: MentionResolver): { list: JsonObject[] } | { item: JsonObject } {
  const item = (type: string, payload: unknown): JsonObject => ({ object: 'property_item', id, type, [type]: payload as JsonObject });
  switch (value.type) {
    case 'title':
    case 'rich_text':
      return { list: renderRichText(value.value, resolver).map((text) => item(value.type, text)) };
    case 'relation':
      return { list: value.value.map((pageId) => item('relation', { id: pageId })) };
    default: {
      const rendered = renderPropertyValue(id, value, resolver);
      return { item: item(value.type, rendered[value.type]) };
    }
  }
}
