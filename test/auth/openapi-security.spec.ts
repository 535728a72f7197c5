import { generateOpenApi } from '../../scripts/openapi';

interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: { 'application/json'?: { schema?: { $ref?: string } } } }>;
}

const PUBLIC_OPERATIONS = ['GET /health/live', 'GET /health/ready', 'POST /auth/register', 'POST /auth/login'];

describe('the OpenAPI document describes authentication', () => {
  let operations: [string, Operation][];

  beforeAll(async () => {
    const document = JSON.parse(await generateOpenApi()) as { paths: Record<string, Record<string, Operation>> };
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
});
