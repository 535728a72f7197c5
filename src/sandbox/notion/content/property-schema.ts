import { randomBytes } from 'node:crypto';
import { bodyValidation, validationError } from '../core/errors';
import { newId } from '../core/ids';
import { BotAccess } from '../store/access';
import { DataSourceRecord, JsonObject, PropertyConfig, PropertyType, SelectOption } from '../store/model';
import { plainTextOf } from '../store/store';
import { isObject, requireArray, requireObject, requireString } from './validate';

export const PROPERTY_TYPES: PropertyType[] = [
  'title', 'rich_text', 'select', 'multi_select', 'date', 'checkbox', 'number', 'url', 'relation',
];

/** Notion's property ids are short url-safe strings; `title` is always `title`. */
export function newPropertyId(): string {
  return randomBytes(3).toString('base64url').slice(0, 4);
}

export function newOption(name: string, color?: string, description?: string | null): SelectOption {
  return { id: newId(), name, color: color ?? 'default', description: description ?? null };
}

/** A two-way relation whose mirror property must be added to the other data source once this one exists. */
export interface PendingDualRelation {
  propertyId: string;
  targetDataSourceId: string;
  syncedName: string | null;
}

/**
 * Parses `initial_data_source.properties`. A data source always has exactly one title property;
 * Notion adds "Name" when the request defines none.
 */
export function parsePropertySchema(
  value: unknown,
  path: string,
  access: BotAccess,
): { properties: PropertyConfig[]; pending: PendingDualRelation[] } {
  const raw = value === undefined ? {} : requireObject(value, path);
  const properties: PropertyConfig[] = [];
  const pending: PendingDualRelation[] = [];
  for (const [name, rawConfig] of Object.entries(raw)) {
    const parsed = parsePropertyConfig(name, rawConfig, `${path}.${name}`, access);
    properties.push(parsed.property);
    if (parsed.pending) pending.push(parsed.pending);
  }
  const titles = properties.filter((p) => p.type === 'title');
  if (titles.length > 1) throw validationError(`body failed validation: ${path} should define at most one title property, instead defined ${titles.length}.`);
  if (titles.length === 0) properties.unshift({ id: 'title', name: 'Name', type: 'title' });
  return { properties, pending };
}

/** One property definition (`{"rich_text": {}}`, `{"type": "select", "select": {options}}`, …). */
export function parsePropertyConfig(name: string, rawConfig: unknown, path: string, access: BotAccess): { property: PropertyConfig; pending: PendingDualRelation | null } {
  const config = requireObject(rawConfig, path);
  const type = (typeof config.type === 'string' ? config.type : PROPERTY_TYPES.find((t) => config[t] !== undefined)) as PropertyType | undefined;
  if (!type || !PROPERTY_TYPES.includes(type)) {
    throw bodyValidation(`${path}.type`, `should be one of ${PROPERTY_TYPES.map((t) => `\`"${t}"\``).join(', ')}`, type ?? config);
  }
  const detail = config[type] === undefined ? {} : requireObject(config[type], `${path}.${type}`);
  const property: PropertyConfig = { id: type === 'title' ? 'title' : newPropertyId(), name, type };
  let pending: PendingDualRelation | null = null;
  if (type === 'select' || type === 'multi_select') property.options = parseOptions(detail.options, `${path}.${type}.options`);
  if (type === 'number') property.numberFormat = detail.format === undefined ? 'number' : requireString(detail.format, `${path}.number.format`);
  if (type === 'relation') {
    const target = access.dataSource(detail.data_source_id, `${path}.relation.data_source_id`);
    const dual = detail.type === 'dual_property' || (detail.type === undefined && detail.dual_property !== undefined);
    property.relation = { dataSourceId: target.id, databaseId: target.databaseId, synced: null };
    if (dual) {
      const spec = isObject(detail.dual_property) ? detail.dual_property : {};
      pending = { propertyId: property.id, targetDataSourceId: target.id, syncedName: typeof spec.synced_property_name === 'string' ? spec.synced_property_name : null };
    }
  }
  return { property, pending };
}

function parseOptions(value: unknown, path: string): SelectOption[] {
  if (value === undefined) return [];
  return requireArray(value, path).map((raw, i) => {
    const option = requireObject(raw, `${path}[${i}]`);
    return newOption(
      requireString(option.name, `${path}[${i}].name`, 100),
      option.color === undefined ? undefined : requireString(option.color, `${path}[${i}].color`),
      typeof option.description === 'string' ? option.description : null,
    );
  });
}

/** Adds the mirror property of every two-way relation to its target data source. */
export function linkDualRelations(source: DataSourceRecord, pending: PendingDualRelation[], sourceTitle: JsonObject[], targets: (id: string) => DataSourceRecord): void {
  for (const relation of pending) {
    const own = source.properties.find((p) => p.id === relation.propertyId) as PropertyConfig;
    const target = targets(relation.targetDataSourceId);
    const mirror: PropertyConfig = {
      id: newPropertyId(),
      name: relation.syncedName ?? `Related to ${plainTextOf(sourceTitle) || 'Untitled'} (${own.name})`,
      type: 'relation',
      relation: { dataSourceId: source.id, databaseId: source.databaseId, synced: { propertyId: own.id, propertyName: own.name } },
    };
    target.properties.push(mirror);
    (own.relation as NonNullable<PropertyConfig['relation']>).synced = { propertyId: mirror.id, propertyName: mirror.name };
  }
}

export function renderPropertyConfig(property: PropertyConfig): JsonObject {
  const base: JsonObject = { id: property.id, name: property.name, description: null, type: property.type };
  switch (property.type) {
    case 'select':
    case 'multi_select':
      return { ...base, [property.type]: { options: (property.options ?? []).map(renderOption) } };
    case 'number':
      return { ...base, number: { format: property.numberFormat ?? 'number' } };
    case 'relation': {
      const relation = property.relation as NonNullable<PropertyConfig['relation']>;
      const common = { database_id: relation.databaseId, data_source_id: relation.dataSourceId };
      return {
        ...base,
        relation: relation.synced
          ? { ...common, type: 'dual_property', dual_property: { synced_property_id: relation.synced.propertyId, synced_property_name: relation.synced.propertyName } }
          : { ...common, type: 'single_property', single_property: {} },
      };
    }
    default:
      return { ...base, [property.type]: {} };
  }
}

function renderOption(option: SelectOption): JsonObject {
  return { id: option.id, name: option.name, color: option.color, description: option.description };
}

export function findProperty(properties: PropertyConfig[], key: string): PropertyConfig | undefined {
  return properties.find((p) => p.name === key) ?? properties.find((p) => p.id === key);
}

