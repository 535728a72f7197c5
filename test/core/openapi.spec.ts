import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateOpenApi } from '../../scripts/openapi';

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
