import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { NotionApiError, describe } from '../core/errors';
import { NotionVersion, isLegacy } from '../core/version';
import { Schema, loadNotionDocument, requestSchemaPointer } from './openapi-document';

const DOC_ID = 'notion-openapi';

/**
 * Where the sandbox is stricter than the published document, because Notion is: these request
 * objects are open in the document (no `additionalProperties: false`) yet Notion refuses unknown
 * keys in them ("should be not present"). Listed in docs/notion-sandbox.md.
 */
const CLOSED_COMPONENTS = ['annotationRequest'];
const CLOSED_OPERATIONS: Array<[string, string]> = [
  ['POST', '/v1/databases'],
  ['PATCH', '/v1/data_sources/{data_source_id}'],
  ['POST', '/v1/pages/{page_id}/move'],
];

/** Keys 2025-09-03 still accepts that the 2026-03-11 document no longer lists (the handlers read them). */
const LEGACY_KEYS = ['archived', 'after'];

/**
 * Validates request bodies against their operation's request schema in Notion's OpenAPI
 * document, so enums, types, lengths and unknown keys are checked everywhere at once. Schemas
 * are compiled on first use per operation and cached (compiling all at start costs about a
 * second; see docs/notion-sandbox.md). Failures become Notion's `validation_error` message:
 * `body failed validation: body.<path> should be …, instead was `…`.`
 */
export class RequestValidator {
  private readonly ajv: Ajv2020;
  private readonly doc: Schema;
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor(specFile: string) {
    const { doc, schemas } = loadNotionDocument(specFile);
    for (const name of CLOSED_COMPONENTS) if (schemas[name]) schemas[name].additionalProperties = false;
    for (const [method, template] of CLOSED_OPERATIONS) {
      const pointer = requestSchemaPointer(doc, method, template);
      if (pointer) resolvePointer(doc, pointer).additionalProperties = false;
    }
    this.doc = doc;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addSchema(doc, DOC_ID);
  }

  /** Compiles every given operation now (for measuring, or to move the cost to start-up). */
  warm(operations: ReadonlyArray<{ method: string; template: string }>): void {
    for (const op of operations) this.compiled(op.method, op.template);
  }

  /** Throws Notion's 400 `validation_error` when the body does not match the operation's schema. */
  check(method: string, template: string, version: NotionVersion, body: unknown): void {
    const validate = this.compiled(method, template);
    if (!validate) return;
    let subject = body;
    if (isLegacy(version) && body && typeof body === 'object' && !Array.isArray(body)) {
      subject = Object.fromEntries(Object.entries(body).filter(([key]) => !LEGACY_KEYS.includes(key)));
    }
    if (validate(subject)) return;
    throw new NotionApiError(400, 'validation_error', notionMessage(validate.errors ?? [], subject));
  }

  private compiled(method: string, template: string): ValidateFunction | null {
    const key = `${method} ${template}`;
    if (!this.cache.has(key)) {
      const pointer = requestSchemaPointer(this.doc, method, template);
      this.cache.set(key, pointer ? this.ajv.compile({ $ref: `${DOC_ID}#${pointer}` }) : null);
    }
    return this.cache.get(key) ?? null;
  }
}

function resolvePointer(doc: Schema, pointer: string): Schema {
  let node: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    node = (node as Schema)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node as Schema;
}

interface Candidate {
  segments: string[];
  expectation: string;
  actual: unknown;
  /** Lower wins among errors at the same depth: an unknown key says more than a missing one. */
  rank: number;
  /** The outermost `anyOf`/`oneOf` branch the error comes from (its schema path up to the branch index). */
  branch: string;
}

/** `…/anyOf/5/properties/x` → `…/anyOf/5`: errors of one union branch share this key. */
function outermostBranch(schemaPath: string): string {
  const match = /^(.*?\/(?:anyOf|oneOf)\/\d+)/.exec(schemaPath);
  return match ? match[1] : '';
}

/**
 * One message for the whole body, like Notion's: of all the failures ajv reports (every branch
 * of every `anyOf`), the deepest one names what is wrong most precisely.
 */
export function notionMessage(errors: ErrorObject[], body: unknown): string {
  const candidates = errors.map((error) => candidate(error, body)).filter((c): c is Candidate => c !== null);
  if (candidates.length === 0) return 'body failed validation: body should be a valid request body.';
  // Ties go to the union branch with the fewest complaints: the one the client evidently meant.
  const perBranch = new Map<string, number>();
  for (const c of candidates) perBranch.set(c.branch, (perBranch.get(c.branch) ?? 0) + 1);
  const weight = (c: Candidate) => (c.branch ? (perBranch.get(c.branch) ?? 0) : 0);
  candidates.sort((a, b) => b.segments.length - a.segments.length || a.rank - b.rank || weight(a) - weight(b));
  const best = candidates[0];
  const sameSpot = candidates.filter((c) => c.segments.join('/') === best.segments.join('/') && c.rank === best.rank);
  // Several branches wanting different values at one spot: say all of them (e.g. a union of consts).
  const expectations = [...new Set(sameSpot.map((c) => c.expectation))];
  const expectation = expectations.length > 1 && sameSpot.every((c) => c.expectation.startsWith('should be `')) ? `should be ${expectations.map((e) => e.slice('should be '.length)).join(' or ')}` : best.expectation;
  return `body failed validation: ${dotted(best.segments)} ${expectation}, instead was \`${describe(best.actual)}\`.`;
}

function candidate(error: ErrorObject, body: unknown): Candidate | null {
  const found = describeError(error, body);
  return found ? { ...found, branch: outermostBranch(error.schemaPath) } : null;
}

function describeError(error: ErrorObject, body: unknown): Omit<Candidate, 'branch'> | null {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const here = valueAt(body, segments);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      return { segments: [...segments, key], expectation: 'should be not present', actual: valueAt(body, [...segments, key]), rank: 0 };
    }
    case 'required': {
      const key = String(params.missingProperty);
      return { segments: [...segments, key], expectation: 'should be defined', actual: undefined, rank: 2 };
    }
    case 'type':
      return { segments, expectation: `should be ${typeWords(params.type)}`, actual: here, rank: 1 };
    case 'enum':
      return { segments, expectation: `should be one of ${(params.allowedValues as unknown[]).map((v) => `\`${JSON.stringify(v)}\``).join(', ')}`, actual: here, rank: 1 };
    case 'const':
      return { segments, expectation: `should be \`${JSON.stringify(params.allowedValue)}\``, actual: here, rank: 1 };
    case 'maxLength':
    case 'maxItems':
      return { segments: [...segments, 'length'], expectation: `should be ≤ \`${String(params.limit)}\``, actual: (here as { length?: number })?.length, rank: 1 };
    case 'minLength':
    case 'minItems':
      return { segments: [...segments, 'length'], expectation: `should be ≥ \`${String(params.limit)}\``, actual: (here as { length?: number })?.length, rank: 1 };
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return { segments, expectation: `should be ${String(params.comparison)} \`${String(params.limit)}\``, actual: here, rank: 1 };
    case 'format':
      return { segments, expectation: `should be a valid ${String(params.format)}`, actual: here, rank: 1 };
    case 'pattern':
      return { segments, expectation: `should match \`${String(params.pattern)}\``, actual: here, rank: 1 };
    default:
      // anyOf/oneOf/allOf/not/if summaries: the branch errors beside them say more.
      return null;
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: '`null`',
};

function typeWords(type: unknown): string {
  const types = String(type).split(',');
  return types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}

function dotted(segments: string[]): string {
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : `${path}.${segment}`), 'body');
}

function valueAt(body: unknown, segments: string[]): unknown {
  let node = body;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}
