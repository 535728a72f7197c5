import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module';
import type { AppConfig } from './core/config/app-config';
import { requestIdMiddleware } from './core/logging/request-id';
import { setupSwagger } from './core/openapi/openapi';
import { mountMcpAuth } from './mcp-auth/mcp-auth.router';
import { SESSION_COOKIE } from './auth/sessions/session-cookie';

/** Options every Nest application of this service is created with (the JSON parser is our own middleware). */
export const NEST_APPLICATION_OPTIONS = { bufferLogs: true, bodyParser: false, abortOnError: false } as const;

/** Applies the HTTP settings that do not live in modules: logger, proxy trust, helmet, CORS, Swagger. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  app.useLogger(app.get(Logger));
  // First, so that every response carries x-request-id: Swagger UI and 404s of malformed URLs included.
  app.use(requestIdMiddleware);
  express.set('trust proxy', config.http.trustProxy);
  express.disable('x-powered-by');
  // Responses are computed per caller (sessions, tokens); no validators that invite caching them.
  express.set('etag', false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Scripts only from this origin: /app and Swagger UI load theirs from files, none inline.
          'script-src': ["'self'"],
          // Swagger UI sets inline styles of its own.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          // Plain-HTTP deployments (the embedded default) must not be pushed to https.
          'upgrade-insecure-requests': config.http.publicUrl.startsWith('https:') ? [] : null,
        },
      },
      strictTransportSecurity: config.http.publicUrl.startsWith('https:'),
      // no-referrer (helmet's default) makes browsers send `Origin: null` on same-origin form posts, which
      // the CSRF origin check must then refuse; same-origin keeps the origin and leaks nothing elsewhere.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({ origin: config.http.corsOrigins, credentials: true });
  }
  // The OAuth server AI clients sign in to /mcp with (Express handlers of the MCP SDK, before Nest's routes).
  mountMcpAuth(app);
  setupSwagger(app, { sessionCookie: SESSION_COOKIE });
}

/**
 * Builds the whole HTTP application. The config must already point at a database (main.ts starts the
 * embedded one when DATABASE_URL is unset).
 */
export async function createApp(config: AppConfig, options: AppModuleOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), NEST_APPLICATION_OPTIONS);
  configureApp(app, config);
  return app;
}
