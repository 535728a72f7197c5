import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type SchemaObject } from '@nestjs/swagger';
import { ERROR_STATUS } from '../errors/error-codes';

export const SESSION_COOKIE_SCHEME = 'session-cookie';
export const BEARER_SCHEME = 'bearer';

/** Sorts object keys recursively so the committed document is stable and diffs stay readable. */
function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export interface OpenApiOptions {
  /** The name of the session cookie (owned by the auth feature; core imports no feature). */
  sessionCookie: string;
}

export function createOpenApiDocument(app: INestApplication, options: OpenApiOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Personal Assistant API')
    .setDescription(
      'A multi-tenant personal assistant that writes into each user\'s own Notion workspace. ' +
        'Errors always have the shape {statusCode, code, message, requestId}; branch on `code`. ' +
        'A wrong method on a known path answers 405 METHOD_NOT_ALLOWED with an `Allow` header. ' +
        'Every response carries `x-request-id`, the id its log lines carry.\n\n' +
        '**Authenticating.** Three ways, all acting as one user: ' +
        '(1) a **session token**: call `POST /auth/login` (or `POST /auth/register` first), copy `token` from the answer, ' +
        'press **Authorize** and paste it under `bearer`; ' +
        '(2) an **API key** (`pak_…`) created on the /app page or with `POST /auth/api-keys`, pasted under `bearer` the same way ' +
        '(a key cannot manage keys or sessions); ' +
        '(3) the **session cookie**: signed in on /app in this browser, the cookie is sent by itself, nothing to paste.',
    )
    .setVersion('0.1.0')
    // An opaque random token, not a JWT: no bearerFormat (the builder's default would claim JWT).
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: undefined,
        description:
          'An opaque token: a session token from POST /auth/login, or an API key (`pak_…`) from POST /auth/api-keys ' +
          'for an agent (MCP client, script). An API key acts as its user but cannot manage keys or sessions.',
      },
      BEARER_SCHEME,
    )
    .addCookieAuth(
      options.sessionCookie,
      {
        type: 'apiKey',
        in: 'cookie',
        name: options.sessionCookie,
        description:
          'The session cookie set by POST /auth/login (HttpOnly, SameSite=Lax): what the /app page and this page use once ' +
          'signed in in the same browser. State-changing requests with it must come from this origin (CSRF_REJECTED otherwise).',
      },
      SESSION_COOKIE_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  // Every code, now that the app module has loaded every feature's errors file (see ErrorResponseDto).
  const errorBody = document.components!.schemas!.ErrorResponseDto as SchemaObject;
  (errorBody.properties!.code as SchemaObject).enum = Object.keys(ERROR_STATUS).sort();
  return sortDeep(document) as OpenAPIObject;
}

/** Serialises the document exactly as `npm run openapi` writes it. */
export function serializeOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function setupSwagger(app: INestApplication, options: OpenApiOptions): void {
  const document = createOpenApiDocument(app, options);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
