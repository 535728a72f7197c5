import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../core/clock/clock';
import { AppConfig } from '../core/config/app-config';
import { REDIS } from '../core/redis/redis.tokens';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LocalStrategy } from './guards/local.strategy';
import { SessionGuard } from './guards/session.guard';
import { LoginAttemptsLimiter } from './login-attempts.limiter';
import { Argon2PasswordHasher } from './passwords/argon2-password-hasher';
import { PasswordHasher } from './passwords/password-hasher';
import { SessionsController } from './sessions.controller';
import { PostgresSessionStore } from './sessions/postgres-session.store';
import { RedisSessionStore } from './sessions/redis-session.store';
import { SessionCookieService } from './sessions/session-cookie.service';
import { SessionStore } from './sessions/session-store';
import { SessionService } from './sessions/session.service';
import { UserEntity } from './users/user.entity';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/** Accounts, passwords, sessions and the global session guard (registered as APP_GUARD by AppModule). */
@Module({
  imports: [PassportModule, TypeOrmModule.forFeature([UserEntity]), ApiKeysModule],
  controllers: [AuthController, SessionsController],
  providers: [
    {
      provide: SessionStore,
      inject: [REDIS, AppConfig, Clock, DataSource],
      // Without Redis the database keeps them (the embedded one included), so a restart signs nobody out.
      useFactory: (redis: Redis | null, config: AppConfig, clock: Clock, db: DataSource): SessionStore =>
        redis ? new RedisSessionStore(redis, config) : new PostgresSessionStore(db, clock),
    },
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    UsersRepository,
    UsersService,
    SessionService,
    SessionCookieService,
    LoginAttemptsLimiter,
    AuthService,
    LocalStrategy,
    SessionGuard,
  ],
  exports: [SessionService, UsersService, SessionGuard],
})
export class AuthModule {}
