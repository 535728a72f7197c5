import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, seconds } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';
import type { DestinationStream } from 'pino';
import { CacheModule } from './core/cache/cache.module';
import { AppConfig } from './core/config/app-config';
import { ConfigModule } from './core/config/config.module';
import { DatabaseModule } from './core/database/database.module';
import { AllExceptionsFilter } from './core/errors/all-exceptions.filter';
import { HealthModule } from './core/health/health.module';
import { jsonBodyParser } from './core/http/json-body.middleware';
import { createValidationPipe } from './core/http/validation.pipe';
import { LoggingModule } from './core/logging/logging.module';
import { RedisModule } from './core/redis/redis.module';
import { REDIS } from './core/redis/redis.tokens';

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
        HealthModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(jsonBodyParser(this.config.http.bodyLimit)).forRoutes('*path');
  }
}
