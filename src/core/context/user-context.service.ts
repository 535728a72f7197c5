import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

export interface UserContextUser {
  id: string;
}

interface Frame {
  user?: UserContextUser;
}

/**
 * The signed-in user of the request being handled, for code deep in a call chain that has no parameter
 * for it. A singleton over AsyncLocalStorage: a middleware opens one frame per request, the session guard
 * fills it. Services should still prefer an explicit user argument; background work has no frame.
 */
@Injectable()
export class UserContextService {
  private readonly storage = new AsyncLocalStorage<Frame>();

  /** Runs `fn` (the rest of a request) in a fresh, empty frame. */
  run<T>(fn: () => T): T {
    return this.storage.run({}, fn);
  }

  /** Records the user in the current frame; a no-op outside one. */
  setUser(user: UserContextUser): void {
    const frame = this.storage.getStore();
    if (frame) frame.user = user;
  }

  get user(): UserContextUser | undefined {
    return this.storage.getStore()?.user;
  }

  /** The user, or an error: reaching this without one is a bug (a route not guarded, or a background job). */
  requireUser(): UserContextUser {
    const user = this.user;
    if (!user) throw new DomainError('INTERNAL', 'No signed-in user in this context.');
    return user;
  }
}
