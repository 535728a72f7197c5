import { validationError } from '../core/errors';
import { linkDualRelations, parsePropertySchema } from '../content/property-schema';
import { parseRichText } from '../content/rich-text';
import { isObject, requireObject, requireString } from '../content/validate';
import { ApiCall, Route } from '../http/types';
import { ARCHIVED_MESSAGE } from './shared';

/**
 * `PATCH /v1/data_sources/{id}`, the part of it the product needs: `title`, and `properties` keyed by
 * a property's name or id — `null` removes it, `{name}` renames it, a type config adds a property
 * that does not exist yet (two-way relations get their mirror, as on create).
 * Minimal on purpose (branch issue-10 needed it to add a self-relation); a fuller version belongs
 * with the rest of the sandbox.
 */
function update(call: ApiCall) {
  const { body, access } = call;
  const source = access.dataSource(call.req.params.data_source_id);
  if (source.inTrash) throw validationError(ARCHIVED_MESSAGE);
  if (body.title !== undefined) source.title = parseRichText(body.title, 'body.title');
  if (body.properties !== undefined) {
    const changes = requireObject(body.properties, 'body.properties');
    const additions: Record<string, unknown> = {};
    for (const [key, change] of Object.entries(changes)) {
      const existing = source.properties.find((p) => p.id === key || p.name === key);
      if (!existing) {
        if (change === null) throw validationError(`body failed validation: body.properties.${key} does not exist.`);
        additions[key] = change;
        continue;
      }
      if (change === null) {
        if (existing.type === 'title') throw validationError('body failed validation: the title property cannot be removed.');
        source.properties = source.properties.filter((p) => p !== existing);
        continue;
      }
      const config = requireObject(change, `body.properties.${key}`);
      if (config.name !== undefined) existing.name = requireString(config.name, `body.properties.${key}.name`, 100);
    }
    if (Object.keys(additions).length > 0) {
      const { properties, pending } = parsePropertySchema(additions, 'body.properties', access);
      const hasTitle = Object.values(additions).some((c) => isObject(c) && (c.type === 'title' || c.title !== undefined));
      if (hasTitle) throw validationError('body failed validation: a data source has exactly one title property.');
      const added = properties.filter((p) => p.type !== 'title');
      const clash = added.find((p) => source.properties.some((q) => q.name === p.name));
      if (clash) throw validationError(`body failed validation: a property named ${clash.name} already exists.`);
      source.properties.push(...added);
      linkDualRelations(source, pending, source.title, (id) => access.store.state.dataSources[id]);
    }
  }
  source.lastEditedTime = access.store.clock.isoNow();
  source.lastEditedBy = call.botId;
  return call.render.dataSource(source);
}

export function dataSourceUpdateRoutes(): Route[] {
  return [{ kind: 'api', method: 'PATCH', template: '/v1/data_sources/{data_source_id}', handle: update }];
}
