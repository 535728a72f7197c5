import { CACHE_MANAGER, type Cache } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthenticatedUser } from '../authenticated-user';
import { PasswordHasher } from '../passwords/password-hasher';
import type { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

export interface NewUser {
  email: string;
  password: string;
  name: string;
}

/**
 * How long a cached user row is served. Every write to a user row goes through this service and forgets
 * the cached copy (today the only write is registration, a new id); the TTL bounds how long a change made
 * outside it (SQL by hand, a migration) can show, and how long a read that raced a forget can put the old
 * row back.
 */
const USER_TTL_MS = 60_000;

interface CachedUser extends Omit<AuthenticatedUser, 'createdAt'> {
  createdAt: string;
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
  ) {}

  /** Creates an account; EmailTakenError when the email is in use in any letter case. */
  async register(input: NewUser): Promise<AuthenticatedUser> {
    const passwordHash = await this.passwords.hash(input.password);
    const user = await this.users.create({ email: input.email, displayName: input.name, passwordHash });
    return toAuthenticatedUser(user);
  }

  /**
   * The user of a session, API key or MCP token: read on every authenticated request, so it is served
   * from the cache (Redis, one GET) instead of the users table (`npm run bench`: GET /auth/me). A missing
   * user is not cached: the guard then revokes the sessions of an account that is gone.
   */
  async findById(id: string): Promise<AuthenticatedUser | null> {
    const cached = await this.cache.get<CachedUser>(userKey(id));
    if (cached) return { ...cached, createdAt: new Date(cached.createdAt) };
    const row = await this.users.findById(id);
    if (!row) return null;
    const user = toAuthenticatedUser(row);
    await this.cache.set(userKey(id), user, USER_TTL_MS).catch((error: unknown) => {
      this.logger.warn({ err: { message: (error as Error).message } }, 'Could not cache a user row');
    });
    return user;
  }

  /** Drops the cached row of a user whose row changed or is gone; every instance reads it afresh. */
  async forget(id: string): Promise<void> {
    await this.cache.del(userKey(id));
  }
}

function userKey(id: string): string {
  return `user:${id}`;
}

export function toAuthenticatedUser(user: UserEntity): AuthenticatedUser {
  return { id: user.id, email: user.email, name: user.displayName, createdAt: user.createdAt };
}
