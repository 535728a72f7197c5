import * as path from 'node:path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { loadNotionDocument } from '../../../src/sandbox/notion/validation/openapi-document';

/**
 * Validates sandbox responses against Notion's published OpenAPI document
 * (`spec/notion/openapi.json`, Notion-Version 2026-03-11), keyed by method, path template and status.
 *
 * Two parts of that document cannot be satisfied as published, so they are adjusted here, and
 * only these:
 *
 * 1. Closed `allOf` branches. Many schemas are `allOf: [A, B]` where A or B carries
 *    `additionalProperties: false` but declares only its own properties (e.g. `error_api_400`'s
 *    second branch lists only `code` and `status`, while the first branch requires `object` and
 *    `message`; `userObjectResponse`'s common branch forbids `type`). Under JSON Schema 2020-12 no
 *    instance can pass both branches. `loadNotionDocument` (shared with the sandbox's request
 *    validation, src/sandbox/notion/validation/openapi-document.ts) turns the branch's
 *    `additionalProperties: false` into `unevaluatedProperties: false` on the `allOf` itself.
 * 2. `request_id` in error bodies. Notion's errors carry `request_id` (API-NOTES §5; the SDK reads it
 *    from the body) but no error schema declares it, so, with (1), it would be rejected. The error
 *    schemas (`error_api_*`, `error_oauth_*`) get `request_id: string`; the OAuth ones also get
 *    `error: string` (RFC 6749's field, sent alongside `code` so either parser works, API-NOTES §1.6).
 *
 * 3. `request_id` in success bodies: Notion's page, block, list and user objects carry it, the document
 *    does not declare it; ContractRecorder checks it equals the `x-notion-request-id` header and
 *    validates the rest of the body.
 *
 * 4. `has_more` on relation property values: Notion shows at most 25 related pages in a page object
 *    and says `has_more` (its changelog and the property item endpoint's reason to exist); the
 *    relation value schema is closed without it, so it gets `has_more: boolean`.
 *
 * Statuses the document does not list for an operation but that Notion does send (502
 * `bad_gateway`, 504 `gateway_timeout`, 529 `service_overload`; API-NOTES §5) are checked against the
 * common error shape with the matching `status` and `code`.
 */
export const OPENAPI_PATH = path.resolve(__dirname, '../../../spec/notion/openapi.json');

type Schema = Record<string, unknown>;
const DOC_ID = 'notion-openapi';
const EXTRA_STATUSES: Record<number, string> = { 502: 'bad_gateway', 504: 'gateway_timeout', 529: 'service_overload' };

export interface Operation {
  method: string;
  template: string;
  operationId: string;
  statuses: number[];
}

export class NotionContract {
  private readonly doc: Schema;
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(file = OPENAPI_PATH) {
    const { doc, schemas } = loadNotionDocument(file);
    this.doc = doc;
    // Adjustment (4): see the header comment.
    (schemas.relationArrayBasedPropertyValueResponse.properties as Schema).has_more = { type: 'boolean' };
    for (const [name, schema] of Object.entries(schemas)) {
      if (/^error_(api|oauth)_\d+$/.test(name)) {
        const extra: Schema = { request_id: { type: 'string' } };
        if (name.startsWith('error_oauth')) extra.error = { type: 'string' };
        (schema.allOf as Schema[]).push({ type: 'object', properties: extra });
      }
    }
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addSchema(this.doc, DOC_ID);
  }

  operations(): Operation[] {
    const result: Operation[] = [];
    for (const [template, item] of Object.entries(this.doc.paths as Record<string, Record<string, Schema>>)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op || typeof op !== 'object' || !op.responses) continue;
        result.push({ method: method.toUpperCase(), template, operationId: String(op.operationId), statuses: Object.keys(op.responses as Schema).map(Number) });
      }
    }
    return result;
  }

  /** Problems with one response, or an empty list when it matches the contract. */
  check(method: string, template: string, status: number, body: unknown): string[] {
    const pointer = this.responsePointer(method, template, status);
    const problems = this.run(pointer, () => (pointer.startsWith('extra:') ? extraErrorSchema(status) : { $ref: `${DOC_ID}#${pointer}` }), body, '');
    return problems.length ? problems : this.checkFullBlocks(body);
  }

  /**
   * Block responses are `anyOf: [partialBlockObjectResponse, blockObjectResponse]` and the partial
   * schema is open, so anything with `object` and `id` passes. The sandbox always sends full
   * blocks, so it is held to `blockObjectResponse` as well.
   */
  private checkFullBlocks(body: unknown): string[] {
    if (!body || typeof body !== 'object') return [];
    const record = body as Schema;
    const blocks = record.object === 'block' ? [record] : record.object === 'list' && record.type === 'block' ? (record.results as Schema[]) : [];
    const ref = `${DOC_ID}#/components/schemas/blockObjectResponse`;
    return blocks.flatMap((block, i) => this.run(ref, () => ({ $ref: ref }), block, record.object === 'list' ? `/results/${i}` : ''));
  }

  private run(key: string, schema: () => Schema, body: unknown, prefix: string): string[] {
    let validate = this.cache.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema());
      this.cache.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).slice(0, 8).map((e) => `${prefix}${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  private responsePointer(method: string, template: string, status: number): string {
    const op = ((this.doc.paths as Record<string, Record<string, Schema>>)[template] ?? {})[method.toLowerCase()];
    if (!op) throw new Error(`Notion's OpenAPI document has no operation ${method} ${template}`);
    if (!(op.responses as Schema)[String(status)]) {
      if (EXTRA_STATUSES[status]) return `extra:${status}`;
      throw new Error(`${method} ${template} does not document status ${status}`);
    }
    const escaped = template.replace(/~/g, '~0').replace(/\//g, '~1');
    return `/paths/${escaped}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  }
}

function extraErrorSchema(status: number): Schema {
  return {
    allOf: [
      { $ref: `${DOC_ID}#/components/schemas/publicApiCommonErrorResponse` },
      { type: 'object', properties: { status: { const: status }, code: { const: EXTRA_STATUSES[status] }, request_id: { type: 'string' } }, required: ['status', 'code'] },
    ],
    unevaluatedProperties: false,
  };
}
