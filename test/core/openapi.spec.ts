import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateOpenApi } from '../../scripts/openapi';
import { Logger } from '@nestjs/common';

describe('the committed OpenAPI document', () => {
  it('matches what the code generates (run `npm run openapi` after changing an endpoint)', async () => {
    const committed = readFileSync(path.resolve(__dirname, '../../openapi.json'), 'utf8');
    const generated = await generateOpenApi();
    expect(generated).toBe(committed);
  });

  it('declares the error shape and both security schemes', async () => {
    const document = JSON.parse(await generateOpenApi()) as {
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(document.components.schemas.ErrorResponseDto).toBeDefined();
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearer', 'session-cookie']);
  });
});

describe('the OpenAPI document as Swagger UI shows it', () => {
  it('gives every DTO class its own schema name (no "Duplicate DTO detected" at boot)', async () => {
    const warn = jest.spyOn(Logger, 'warn');
    try {
      await generateOpenApi();
      const duplicates = warn.mock.calls.map(([message]) => String(message)).filter((m) => m.includes('Duplicate DTO'));
      expect(duplicates).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('says in its intro how to authenticate, and describes the cookie scheme', async () => {
    const document = JSON.parse(await generateOpenApi()) as {
      info: { description: string };
      components: { securitySchemes: Record<string, { description?: string }> };
    };
    expect(document.info.description).toMatch(/session token/i);
    expect(document.info.description).toMatch(/API key/);
    expect(document.info.description).toMatch(/cookie/i);
    expect(document.components.securitySchemes['session-cookie'].description).toMatch(/POST \/auth\/login/);
  });
});
