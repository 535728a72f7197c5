import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { stdSerializers, type DestinationStream } from 'pino';
import { AppConfig } from '../config/app-config';
import { redactError, redactSecrets, redactText, redactUrl } from './redact';
import { assignRequestId, clientRequestIdOf } from './request-id';

export function pinoHttpOptions(config: AppConfig): Options {
  return {
    level: config.log.level,
    genReqId: (req: IncomingMessage, res: ServerResponse) => assignRequestId(req, res),
    ...(config.log.pretty
      ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:standard' } } }
      : {}),
    // Belt and braces: fixed paths are redacted by pino itself, then any secret-named field by the serializers.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[Redacted]',
    },
    // pino-http hands these the already-serialised {id, method, url, headers, ...} objects.
    serializers: {
      req: (req: Record<string, unknown>) => redactSecrets({ ...req, url: redactUrl(String(req.url ?? '')) }),
      // Spread: pino's serialised response is not a plain object, and redactSecrets only walks plain ones.
      res: (res: Record<string, unknown>) => redactSecrets({ ...res }),
      err: (error: Error) => redactError(stdSerializers.err(error)),
    },
    formatters: {
      log: (object: Record<string, unknown>) => redactSecrets(object),
    },
    // The message itself (formatters see only the merged object): a URL or `code=…` in free text.
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((arg: unknown) => (typeof arg === 'string' ? redactText(arg) : arg));
        return method.apply(this, redacted as Parameters<typeof method>);
      },
    },
    customProps: (req: IncomingMessage) => {
      const user = (req as IncomingMessage & { user?: { id?: string } }).user;
      const clientRequestId = clientRequestIdOf(req);
      return { ...(user?.id ? { userId: user.id } : {}), ...(clientRequestId ? { clientRequestId } : {}) };
    },
    // By status only: a client that hangs up mid-request is not a fault of the service.
    customLogLevel: (_req, res) => (res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    quietReqLogger: false,
  };
}

@Module({})
export class LoggingModule {
  /** `destination` replaces stdout; tests pass a stream to read what was logged. */
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            pinoHttp: destination ? [pinoHttpOptions(config), destination] : pinoHttpOptions(config),
          }),
        }),
      ],
    };
  }
}
