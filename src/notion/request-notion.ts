import { Scope, type Provider } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import type { AuthenticatedRequest } from '../auth/authenticated-user';
import { NotionClientFactory } from './notion-client.factory';
import type { NotionHandle } from './notion.handle';

/**
 * Notion for the signed-in user of the current request: a thin request-scoped leaf over the singleton
 * NotionClientFactory (STYLE.md rule 7). Inject it only into controllers; services and workers take
 * the user or integration id as an argument and use the factory.
 */
export class RequestNotion {
  constructor(
    private readonly factory: NotionClientFactory,
    // Nest builds request-scoped providers before guards run, so the user is read when it is needed.
    private readonly request: AuthenticatedRequest,
  ) {}

  forCurrentUser(integrationId?: string): Promise<NotionHandle> {
    const userId = this.request.user?.id;
    if (!userId) throw new Error('RequestNotion used on a route the session guard did not authenticate');
    return this.factory.forUser(userId, integrationId);
  }
}

export const requestNotionProvider: Provider = {
  provide: RequestNotion,
  scope: Scope.REQUEST,
  inject: [REQUEST, NotionClientFactory],
  useFactory: (request: AuthenticatedRequest, factory: NotionClientFactory) => new RequestNotion(factory, request),
};
