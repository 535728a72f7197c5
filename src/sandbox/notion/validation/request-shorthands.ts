import { normalizeId } from '../core/ids';
import { findProperty } from '../content/property-schema';
import { Obj, isObject } from '../content/validate';
import { BotAccess } from '../store/access';

/**
 * The narrow set of request forms Notion's own clients send that the published document reads
 * stricter, rewritten to their full form before the body is validated, so the validator and the
 * handlers only ever see what the document allows. Each entry names its evidence; anything not
 * listed here stays refused as the document says (docs/notion-sandbox.md, Request validation).
 *
 * 1. A title or rich-text property value given as the bare rich-text array:
 *    `"properties": {"title": [{"text": {"content": "…"}}]}` for
 *    `"properties": {"title": {"title": [{"text": {"content": "…"}}]}}`. Notion's reference example
 *    for creating a page under a page uses it, and the official Notion MCP server's `post-page` and
 *    `patch-page` tools send whatever property values the model writes (its schema leaves them
 *    open), which is this form for a page title. Only for properties whose type is `title` or
 *    `rich_text` on the page's parent (a page under a page or the workspace has only `title`); a
 *    bare array for any other property (relation, multi_select, …) is refused as before.
 */
const PAGE_OPERATIONS = new Set(['POST /v1/pages', 'PATCH /v1/pages/{page_id}']);
const RICH_TEXT_TYPES = new Set(['title', 'rich_text']);

export function expandShorthands(method: string, template: string, body: Obj, access: BotAccess, params: Record<string, string>): Obj {
  const key = `${method} ${template}`;
  if (!PAGE_OPERATIONS.has(key) || !isObject(body.properties)) return body;
  const typeOf = method === 'POST' ? typeUnderParent(access, body.parent) : typeOnPage(access, params.page_id);
  let properties: Obj | null = null;
  for (const [name, value] of Object.entries(body.properties)) {
    if (!Array.isArray(value)) continue;
    const type = typeOf(name);
    if (!type || !RICH_TEXT_TYPES.has(type)) continue;
    properties ??= { ...body.properties };
    properties[name] = { [type]: value };
  }
  return properties ? { ...body, properties } : body;
}

type TypeOf = (name: string) => string | null;

const NONE: TypeOf = () => null;
const TITLE_ONLY: TypeOf = (name) => (name === 'title' ? 'title' : null);

/** Property types of a page created under `parent`; what the caller cannot see has none (no hint leaks). */
function typeUnderParent(access: BotAccess, parent: unknown): TypeOf {
  if (parent === undefined) return TITLE_ONLY;
  if (!isObject(parent)) return NONE;
  if (parent.page_id !== undefined || parent.workspace === true || parent.type === 'workspace') return TITLE_ONLY;
  const sourceId = parent.data_source_id !== undefined ? visibleId(access, parent.data_source_id) : databaseSource(access, parent.database_id);
  return sourceId ? sourceTypes(access, sourceId) : NONE;
}

function typeOnPage(access: BotAccess, rawId: string | undefined): TypeOf {
  const id = visibleId(access, rawId);
  const page = id ? access.store.state.pages[id] : undefined;
  if (!page) return NONE;
  return page.parent.type === 'data_source_id' ? sourceTypes(access, page.parent.id) : TITLE_ONLY;
}

function databaseSource(access: BotAccess, rawId: unknown): string | null {
  const id = visibleId(access, rawId);
  const database = id ? access.store.state.databases[id] : undefined;
  return database?.dataSourceIds.length === 1 ? database.dataSourceIds[0] : null;
}

function sourceTypes(access: BotAccess, sourceId: string): TypeOf {
  const source = access.store.state.dataSources[sourceId];
  if (!source) return NONE;
  return (name) => findProperty(source.properties, name)?.type ?? null;
}

function visibleId(access: BotAccess, raw: unknown): string | null {
  const id = typeof raw === 'string' ? normalizeId(raw) : null;
  return id && access.canSee(id) ? id : null;
}
