// `npm run openapi`: writes the sorted OpenAPI document to openapi.json at the repository root.
// Preview mode builds the module graph without instantiating providers, so no database or Redis is needed.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { SESSION_COOKIE } from '../src/auth/sessions/session-cookie';
import { loadConfig } from '../src/core/config/app-config';
import { createOpenApiDocument, serializeOpenApiDocument } from '../src/core/openapi/openapi';

export async function generateOpenApi(): Promise<string> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://openapi@127.0.0.1:1/openapi_test' });
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
  const document = createOpenApiDocument(app, { sessionCookie: SESSION_COOKIE });
  await app.close();
  return serializeOpenApiDocument(document);
}

if (require.main === module) {
  void generateOpenApi().then((text) => {
    const file = path.resolve(__dirname, '..', 'openapi.json');
    writeFileSync(file, text);
    process.stdout.write(`Wrote ${file}\n`);
  });
}
