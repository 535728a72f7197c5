import { bodyValidation, validationError } from '../core/errors';
import { normalizeId } from '../core/ids';
import { DataSourceRecord, PageRecord, PropertyConfig, PropertyValue } from '../store/model';
import { plainTextOf } from '../store/store';
import { findProperty } from './property-schema';
import { minute } from './render';
import { Obj, isObject, requireArray, requireObject } from './validate';

type Predicate = (page: PageRecord) => boolean;

/** Compiles a data-source query filter (property filters, timestamp filters, `and`/`or`). */
export function compileFilter(raw: unknown, source: DataSourceRecord, path = 'body.filter'): Predicate {
  if (raw === undefined) return () => true;
  const filter = requireObject(raw, path);
  if (filter.and !== undefined) {
    const parts = requireArray(filter.and, `${path}.and`).map((f, i) => compileFilter(f, source, `${path}.and[${i}]`));
    return (page) => parts.every((p) => p(page));
  }
  if (filter.or !== undefined) {
    const parts = requireArray(filter.or, `${path}.or`).map((f, i) => compileFilter(f, source, `${path}.or[${i}]`));
    return (page) => parts.some((p) => p(page));
  }
  if (filter.timestamp === 'created_time' || filter.timestamp === 'last_edited_time') {
    const field = filter.timestamp === 'created_time' ? 'createdTime' : 'lastEditedTime';
    const test = dateCondition(requireObject(filter[filter.timestamp], `${path}.${filter.timestamp}`), `${path}.${filter.timestamp}`);
    return (page) => test(minute(page[field]));
  }
  if (typeof filter.property !== 'string') throw bodyValidation(`${path}.property`, 'should be a string', filter.property);
  const property = findProperty(source.properties, filter.property);
  if (!property) throw validationError(`Could not find property with name or id: ${filter.property}`);
  const key = filterKey(property);
  const condition = filter[key];
  if (!isObject(condition)) {
    throw validationError(`body failed validation: ${path}.${key} should be defined for a ${property.type} property, instead was \`undefined\`.`);
  }
  const test = propertyCondition(property, condition, `${path}.${key}`);
  return (page) => test(page.properties[property.id]);
}

function filterKey(property: PropertyConfig): string {
  return property.type;
}

function propertyCondition(property: PropertyConfig, c: Obj, path: string): (value: PropertyValue | undefined) => boolean {
  const [op, arg] = singleCondition(c, path);
  if (op === 'is_empty' || op === 'is_not_empty') {
    return (value) => isEmpty(value) === (op === 'is_empty');
  }
  switch (property.type) {
    case 'title':
    case 'rich_text':
    case 'url':
      return (value) => textCondition(op, arg, textOf(value), path);
    case 'select':
      return (value) => {
        const name = value?.type === 'select' ? (value.value?.name ?? null) : null;
        if (op === 'equals') return name === arg;
        if (op === 'does_not_equal') return name !== arg;
        throw unsupported(path, op);
      };
    case 'multi_select':
    case 'relation':
      return (value) => {
        const items = value?.type === 'multi_select' ? value.value.map((o) => o.name) : value?.type === 'relation' ? value.value : [];
        const wanted = property.type === 'relation' && typeof arg === 'string' ? (normalizeId(arg) ?? arg) : arg;
        if (op === 'contains') return items.includes(wanted as string);
        if (op === 'does_not_contain') return !items.includes(wanted as string);
        throw unsupported(path, op);
      };
    case 'checkbox':
      return (value) => {
        const checked = value?.type === 'checkbox' && value.value;
        if (op === 'equals') return checked === arg;
        if (op === 'does_not_equal') return checked !== arg;
        throw unsupported(path, op);
      };
    case 'number':
      return (value) => numberCondition(op, arg, value?.type === 'number' ? value.value : null, path);
    case 'date': {
      const test = dateCondition(c, path);
      return (value) => (value?.type === 'date' && value.value ? test(value.value.start) : false);
    }
  }
}

function singleCondition(c: Obj, path: string): [string, unknown] {
  const entries = Object.entries(c);
  if (entries.length !== 1) throw validationError(`body failed validation: ${path} should have exactly one condition.`);
  return entries[0];
}

function unsupported(path: string, op: string): Error {
  return validationError(`body failed validation: ${path}.${op} is not a supported condition.`);
}

function isEmpty(value: PropertyValue | undefined): boolean {
  if (!value) return true;
  if (Array.isArray(value.value)) return value.value.length === 0;
  if (value.type === 'checkbox') return !value.value;
  return value.value === null || value.value === '';
}

function textOf(value: PropertyValue | undefined): string {
  if (!value) return '';
  if (value.type === 'title' || value.type === 'rich_text') return plainTextOf(value.value);
  if (value.type === 'url') return value.value ?? '';
  return '';
}

function textCondition(op: string, arg: unknown, text: string, path: string): boolean {
  const needle = String(arg);
  switch (op) {
    case 'equals':
      return text === needle;
    case 'does_not_equal':
      return text !== needle;
    case 'contains':
      return text.toLowerCase().includes(needle.toLowerCase());
    case 'does_not_contain':
      return !text.toLowerCase().includes(needle.toLowerCase());
    case 'starts_with':
      return text.toLowerCase().startsWith(needle.toLowerCase());
    case 'ends_with':
      return text.toLowerCase().endsWith(needle.toLowerCase());
    default:
      throw unsupported(path, op);
  }
}

function numberCondition(op: string, arg: unknown, n: number | null, path: string): boolean {
  if (typeof arg !== 'number') throw bodyValidation(`${path}.${op}`, 'should be a number', arg);
  if (n === null) return op === 'does_not_equal';
  switch (op) {
    case 'equals': return n === arg;
    case 'does_not_equal': return n !== arg;
    case 'greater_than': return n > arg;
    case 'less_than': return n < arg;
    case 'greater_than_or_equal_to': return n >= arg;
    case 'less_than_or_equal_to': return n <= arg;
    default: throw unsupported(path, op);
  }
}

/** Date conditions compare calendar instants; a date-only value means midnight UTC of that day. */
function dateCondition(c: Obj, path: string): (iso: string) => boolean {
  const [op, arg] = singleCondition(c, path);
  if (typeof arg !== 'string' || Number.isNaN(Date.parse(arg))) throw bodyValidation(`${path}.${op}`, 'should be an ISO 8601 date', arg);
  const at = Date.parse(arg);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(arg);
  return (iso) => {
    const t = Date.parse(iso);
    switch (op) {
      case 'equals': return dateOnly ? iso.slice(0, 10) === arg : t === at;
      case 'before': return t < at;
      case 'after': return dateOnly ? iso.slice(0, 10) > arg : t > at;
      case 'on_or_before': return dateOnly ? iso.slice(0, 10) <= arg : t <= at;
      case 'on_or_after': return t >= at;
      default: throw unsupported(path, op);
    }
  };
}

/** Sorts by properties or timestamps; without sorts, newest first like Notion's default. */
export function compileSorts(raw: unknown, source: DataSourceRecord): (a: PageRecord, b: PageRecord) => number {
  const sorts = raw === undefined ? [] : requireArray(raw, 'body.sorts');
  const comparators = sorts.map((entry, i) => {
    const sort = requireObject(entry, `body.sorts[${i}]`);
    const sign = sort.direction === 'descending' ? -1 : 1;
    if (sort.timestamp === 'created_time' || sort.timestamp === 'last_edited_time') {
      const field = sort.timestamp === 'created_time' ? 'createdTime' : 'lastEditedTime';
      return (a: PageRecord, b: PageRecord) => sign * a[field].localeCompare(b[field]);
    }
    const property = typeof sort.property === 'string' ? findProperty(source.properties, sort.property) : undefined;
    if (!property) throw validationError(`Could not find sort property with name or id: ${String(sort.property)}`);
    return (a: PageRecord, b: PageRecord) => sign * compareValues(a.properties[property.id], b.properties[property.id]);
  });
  comparators.push((a, b) => b.createdTime.localeCompare(a.createdTime));
  return (a, b) => {
    for (const compare of comparators) {
      const result = compare(a, b);
      if (result !== 0) return result;
    }
    return 0;
  };
}

function sortKey(value: PropertyValue | undefined): string | number | null {
  if (!value) return null;
  switch (value.type) {
    case 'number': return value.value;
    case 'checkbox': return value.value ? 1 : 0;
    case 'date': return value.value?.start ?? null;
    case 'select': return value.value?.name ?? null;
    case 'multi_select': return value.value.map((o) => o.name).join(',');
    case 'relation': return value.value.length;
    default: return textOf(value) || null;
  }
}

/** Empty values sort last in either direction's natural order. */
function compareValues(a: PropertyValue | undefined, b: PropertyValue | undefined): number {
  const x = sortKey(a);
  const y = sortKey(b);
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
}
