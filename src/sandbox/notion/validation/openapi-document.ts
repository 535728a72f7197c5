import { readFileSync } from 'node:fs';

/**
 * Notion's published OpenAPI document (`spec/notion/openapi.json`), read once and adjusted where
 * it cannot be used as published. The same adjusted document serves request validation here and
 * response validation in the contract tests.
 *
 * Closed `allOf` branches: many schemas are `allOf: [A, B]` where A or B carries
 * `additionalProperties: false` but declares only its own properties (e.g. rich-text requests:
 * `annotations` lives in the common branch, `text` in the other). Under JSON Schema 2020-12 no
 * instance can pass both branches. The evident intent is "no properties beyond those the
 * branches declare", which is `unevaluatedProperties: false` on the `allOf` itself, so that is
 * what the branch's `additionalProperties: false` becomes (applied to a copy of the branch; the
 * component stays closed where it is used on its own).
 */
export type Schema = Record<string, unknown>;

export interface NotionDocument {
  doc: Schema;
  schemas: Record<string, Schema>;
}

export function loadNotionDocument(file: string): NotionDocument {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Schema;
  const schemas = (doc.components as Schema).schemas as Record<string, Schema>;
  patchAllOf(doc, schemas);
  return { doc, schemas };
}

/** JSON pointer of an operation's JSON request schema, or null when it has none. */
export function requestSchemaPointer(doc: Schema, method: string, template: string): string | null {
  const op = ((doc.paths as Record<string, Record<string, Schema>>)[template] ?? {})[method.toLowerCase()];
  const content = (op?.requestBody as Schema | undefined)?.content as Record<string, Schema> | undefined;
  if (!content?.['application/json']) return null;
  return `/paths/${escapePointer(template)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function patchAllOf(node: unknown, schemas: Record<string, Schema>, depth = 0): void {
  if (!node || typeof node !== 'object' || depth > 200) return;
  if (Array.isArray(node)) {
    for (const item of node) patchAllOf(item, schemas, depth + 1);
    return;
  }
  const obj = node as Schema;
  for (const value of Object.values(obj)) patchAllOf(value, schemas, depth + 1);
  if (!Array.isArray(obj.allOf)) return;
  const opened = (obj.allOf as Schema[]).map((member) => openUp(member, schemas, 0));
  if (!opened.some((o) => o.closed)) return;
  obj.allOf = opened.map((o) => o.schema);
  obj.unevaluatedProperties = false;
}

/**
 * A copy of an `allOf` member without the closing keywords at its own object level, following
 * `$ref`s and `oneOf`/`anyOf`/`allOf` (whose branches describe the same object) but not nested
 * `properties` (those are other objects, closed as published).
 */
function openUp(node: Schema, schemas: Record<string, Schema>, depth: number): { schema: Schema; closed: boolean } {
  if (depth > 20) return { schema: node, closed: false };
  const ref = typeof node.$ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(node.$ref) : null;
  if (ref) {
    const target = openUp(schemas[ref[1]], schemas, depth + 1);
    return target.closed ? target : { schema: node, closed: false };
  }
  const copy: Schema = { ...node };
  let closed = false;
  for (const keyword of ['additionalProperties', 'unevaluatedProperties']) {
    if (copy[keyword] === false) {
      delete copy[keyword];
      closed = true;
    }
  }
  for (const keyword of ['allOf', 'oneOf', 'anyOf']) {
    if (!Array.isArray(copy[keyword])) continue;
    const branches = (copy[keyword] as Schema[]).map((branch) => openUp(branch, schemas, depth + 1));
    if (branches.some((b) => b.closed)) closed = true;
    copy[keyword] = branches.map((b) => b.schema);
  }
  return { schema: closed ? copy : node, closed };
}
