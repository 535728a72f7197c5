import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, seconds } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';
import type { DestinationStream } from 'pino';
import { AssistantModule } from './assistant/assistant.module';
import { AuthModule } from './auth/auth.module';
import { SessionGuard } from './auth/guards/session.guard';
import { CacheModule } from './core/cache/cache.module';
import { ClockModule } from './core/clock/clock.module';
import { AppConfig } from './core/config/app-config';
import { ConfigModule } from './core/config/config.module';
import { DatabaseModule } from './core/database/database.module';
import { AllExceptionsFilter } from './core/errors/all-exceptions.filter';
import { HealthModule } from './core/health/health.module';
import { JsonBodyGuard } from './core/http/json-body.guard';
import { createValidationPipe } from './core/http/validation.pipe';
import { LoggingModule } from './core/logging/logging.module';
import { RateLimitModule } from './core/rate-limit/rate-limit.module';
import { UnavailableAwareThrottlerStorage } from './core/rate-limit/throttler-storage';
import { RedisModule } from './core/redis/redis.module';
import { NotesEnhancerModule } from './notes/enhancer/enhancer.module';
import { NotesModule } from './notes/notes.module';
import { NotionModule } from './notion/notion.module';
import { NotionEndpointModule } from './notion-endpoint.module';
import { REDIS } from './core/redis/redis.tokens';
import { OAuthModule } from './oauth/oauth.module';
import { McpAuthModule } from './mcp-auth/mcp-auth.module';
import { PagesModule } from './pages/pages.module';
import { WebModule } from './web/web.module';
import { ToolsModule } from './tools/tools.module';

export interface AppModuleOptions {
  /** Where logs go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        LoggingModule.forRoot(options.logDestination),
        RedisModule,
        CacheModule,
        DatabaseModule,
        ThrottlerModule.forRootAsync({
          inject: [AppConfig, REDIS],
          useFactory: (cfg: AppConfig, redis: Redis | null) => ({
            throttlers: [{ ttl: seconds(cfg.http.throttle.ttlSeconds), limit: cfg.http.throttle.limit }],
            skipIf: () => cfg.http.throttle.limit === 0,
            // Express's req.ip, which honours TRUST_PROXY (the default tracker prefers a forgeable req.ips[0]).
            getTracker: (req: Record<string, unknown>) => String(req.ip ?? 'unknown'),
            ...(redis ? { storage: new UnavailableAwareThrottlerStorage(new ThrottlerStorageRedisService(redis)) } : {}),
          }),
        }),
        RateLimitModule,
        HealthModule,
        AuthModule,
        McpAuthModule,
        NotionEndpointModule,
        NotionModule,
        OAuthModule,
        NotesEnhancerModule,
        NotesModule,
        WebModule,
        ToolsModule,
        AssistantModule,
        PagesModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        // Every route needs a session unless marked @Public().
        { provide: APP_GUARD, useExisting: SessionGuard },
        // Last: a body is read only for a handler that takes one, once the request got this far.
        { provide: APP_GUARD, useClass: JsonBodyGuard },
      ],
    };
  }
}
