import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { loadNotionDocument } from '../../../src/sandbox/notion/validation/openapi-document';
import { OPENAPI_PATH } from './notion-contract';

type Schema = Record<string, unknown>;
const DOC_ID = 'notion-openapi';

/**
 * Validates webhook deliveries against the `webhooks` section of Notion's published OpenAPI
 * document: `page.content_updated` is the `pageContentUpdated` entry, whose request body is
 * `pageContentUpdatedWebhookPayload`. The same `allOf` adjustment as for responses applies (see
 * notion-contract.ts); the webhook payload schemas need no other.
 */
export class WebhookContract {
  private readonly doc: Schema;
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    this.doc = loadNotionDocument(OPENAPI_PATH).doc;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addSchema(this.doc, DOC_ID);
  }

  /** Problems with one delivered body, or an empty list when it matches its event's schema. */
  check(body: Record<string, unknown>): string[] {
    const type = String(body.type);
    const name = type.replace(/[._]([a-z])/g, (_, c: string) => c.toUpperCase());
    const entry = (this.doc.webhooks as Record<string, Schema>)[name];
    if (!entry) return [`${type}: no such webhook in Notion's document`];
    let validate = this.cache.get(name);
    if (!validate) {
      const schema = (((((entry.post as Schema).requestBody as Schema).content as Schema)['application/json'] as Schema).schema as Schema).$ref as string;
      validate = this.ajv.compile({ $ref: `${DOC_ID}${schema}` });
      this.cache.set(name, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).slice(0, 8).map((e) => `${type} ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}
