import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * The request-body schema of PATCH /v1/blocks/{block_id}/children from Notion's OpenAPI document
 * (spec/notion/openapi.json), as an ajv validator.
 */
export function appendChildrenRequestValidator(): ValidateFunction {
  const doc = JSON.parse(readFileSync(path.resolve(__dirname, '../../../spec/notion/openapi.json'), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(doc, 'notion');
  return ajv.compile({ $ref: 'notion#/paths/~1v1~1blocks~1{block_id}~1children/patch/requestBody/content/application~1json/schema' });
}
