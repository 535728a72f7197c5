import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, seconds } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';
import type { DestinationStream } from 'pino';
import { AuthModule } from './auth/auth.module';
import { SessionGuard } from './auth/guards/session.guard';
import { CacheModule } from './core/cache/cache.module';
import { AppConfig } from './core/config/app-config';
import { ConfigModule } from './core/config/config.module';
import { ContextModule } from './core/context/context.module';
import { UserContextMiddleware } from './core/context/user-context.middleware';
import { DatabaseModule } from './core/database/database.module';
import { AllExceptionsFilter } from './core/errors/all-exceptions.filter';
import { HealthModule } from './core/health/health.module';
import { jsonBodyParser } from './core/http/json-body.middleware';
import { createValidationPipe } from './core/http/validation.pipe';
import { LoggingModule } from './core/logging/logging.module';
import { RateLimitModule } from './core/rate-limit/rate-limit.module';
import { RedisModule } from './core/redis/redis.module';
import { NotesEnhancerModule } from './notes/enhancer/enhancer.module';
import { NotesModule } from './notes/notes.module';
import { NotionModule } from './notion/notion.module';
import { REDIS } from './core/redis/redis.tokens';
import { OAuthModule } from './oauth/oauth.module';
import { WebModule } from './web/web.module';

export interface AppModuleOptions {
  /** Where logs go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule implements NestModule {
  constructor(private readonly config: AppConfig) {}

  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(options.logDestination),
        RedisModule,
        CacheModule,
        DatabaseModule,
        ThrottlerModule.forRootAsync({
          inject: [AppConfig, REDIS],
          useFactory: (cfg: AppConfig, redis: Redis | null) => ({
            throttlers: [{ ttl: seconds(cfg.http.throttle.ttlSeconds), limit: cfg.http.throttle.limit }],
            skipIf: () => cfg.http.throttle.limit === 0,
            ...(redis ? { storage: new ThrottlerStorageRedisService(redis) } : {}),
          }),
        }),
        ContextModule,
        RateLimitModule,
        HealthModule,
        AuthModule,
        NotionModule,
        OAuthModule,
        NotesEnhancerModule,
        NotesModule,
        WebModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        // Every route needs a session unless marked @Public().
        { provide: APP_GUARD, useExisting: SessionGuard },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // The user-context frame opens after the body is parsed, so it never depends on how the parser resumes.
    consumer.apply(jsonBodyParser(this.config.http.bodyLimit), UserContextMiddleware).forRoutes('*path');
  }
}
