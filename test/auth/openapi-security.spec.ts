import { generateOpenApi } from '../../scripts/openapi';
import { ERROR_STATUS, type ErrorCode } from '../../src/core/errors/error-codes';

interface Example {
  value: { statusCode: number; code: ErrorCode; requestId: string; message: string };
}

interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<
    string,
    { content?: { 'application/json'?: { schema?: { $ref?: string }; examples?: Record<string, Example> } } }
  >;
}

const STATE_CHANGING = /^(POST|PUT|PATCH|DELETE) /;

const PUBLIC_OPERATIONS = [
  'GET /health/live',
  'GET /health/ready',
  'POST /auth/register',
  'POST /auth/login',
  // Notion's webhooks: proven by their signature; the operator's route by OPERATOR_TOKEN (src/notes/changes).
  'POST /webhooks/notion',
  'GET /webhooks/notion/verification-token',
];

describe('the OpenAPI document describes authentication', () => {
  let operations: [string, Operation][];
  let document: { paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, object> } };

  beforeAll(async () => {
    document = JSON.parse(await generateOpenApi());
    operations = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
    );
  });

  it('marks every protected operation with both the bearer and the cookie scheme, and its 401', () => {
    const protectedOps = operations.filter(([key]) => !PUBLIC_OPERATIONS.includes(key));
    expect(protectedOps.map(([key]) => key)).toEqual(expect.arrayContaining(['GET /auth/me', 'DELETE /auth/sessions/{id}']));
    for (const [key, op] of protectedOps) {
      expect({ key, security: op.security }).toEqual({ key, security: [{ bearer: [] }, { 'session-cookie': [] }] });
      expect({ key, has401: '401' in op.responses }).toEqual({ key, has401: true });
    }
  });

  it('gives every error response the ErrorResponseDto shape', () => {
    for (const [key, op] of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const ref = response.content?.['application/json']?.schema?.$ref;
        expect({ key, status, ref }).toEqual({ key, status, ref: '#/components/schemas/ErrorResponseDto' });
      }
    }
  });

  it('shows each documented error with its own code and status, as the error-code map says', () => {
    let examples = 0;
    for (const [key, op] of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const documented = Object.values(response.content?.['application/json']?.examples ?? {});
        expect({ key, status, documented: documented.length > 0 }).toEqual({ key, status, documented: true });
        for (const { value } of documented) {
          examples += 1;
          expect({ key, code: value.code, status: value.statusCode }).toEqual({ key, code: value.code, status: Number(status) });
          expect(ERROR_STATUS[value.code]).toBe(Number(status));
        }
      }
    }
    expect(examples).toBeGreaterThan(20);
  });

  it('documents CSRF_REJECTED on every state-changing operation and on no other', () => {
    const csrfOn = operations
      .filter(([, op]) => Object.values(op.responses['403']?.content?.['application/json']?.examples ?? {}).some((e) => e.value.code === 'CSRF_REJECTED'))
      .map(([key]) => key)
      .sort();
    expect(csrfOn).toEqual(operations.map(([key]) => key).filter((key) => STATE_CHANGING.test(key)).sort());
    expect(csrfOn).toEqual(expect.arrayContaining(['POST /auth/logout', 'DELETE /auth/sessions/{id}', 'POST /auth/login']));
  });

  it('documents API_KEY_NOT_ALLOWED on exactly the session-only operations, beside their own 403s', () => {
    const codes403 = (op: Operation) => Object.values(op.responses['403']?.content?.['application/json']?.examples ?? {}).map((e) => e.value.code);
    const keyRefused = operations.filter(([, op]) => codes403(op).includes('API_KEY_NOT_ALLOWED')).map(([key]) => key);
    expect(keyRefused.sort()).toEqual([
      'DELETE /auth/api-keys/{id}',
      'DELETE /auth/mcp-clients/{id}',
      'DELETE /auth/sessions/{id}',
      'GET /auth/api-keys',
      'GET /auth/mcp-clients',
      'GET /auth/mcp-clients/authorization',
      'GET /auth/sessions',
      'POST /auth/api-keys',
      'POST /auth/logout',
      'POST /auth/logout-all',
      'POST /auth/mcp-clients/authorization',
      'POST /workspace/restore',
      'POST /workspace/start-new',
    ]);
    for (const key of keyRefused.filter((k) => STATE_CHANGING.test(k))) {
      const op = operations.find(([k]) => k === key)?.[1] as Operation;
      // The workspace choices reach Notion, whose 403 they pass on.
      const own = key.startsWith('POST /workspace/') ? ['NOTION_ACCESS_DENIED'] : [];
      expect({ key, codes: codes403(op).sort() }).toEqual({ key, codes: ['API_KEY_NOT_ALLOWED', 'CSRF_REJECTED', ...own] });
    }
  });

  it('describes the bearer token as opaque, not as a JWT, and names both kinds of token', () => {
    expect(document.components.securitySchemes.bearer).toEqual({
      type: 'http',
      scheme: 'bearer',
      description: expect.stringContaining('opaque'),
    });
    expect(JSON.stringify(document.components.securitySchemes.bearer)).toMatch(/session token[\s\S]*API key \(`pak_…`\)/);
  });
});
