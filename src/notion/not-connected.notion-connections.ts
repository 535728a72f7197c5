import { Injectable } from '@nestjs/common';
import { NotionNotConnectedError } from './notion.errors';
import { NotionConnections } from './notion-connections';

/**
 * The binding until the OAuth module provides connections: nobody is connected. Replaced by the OAuth
 * module's adapter when both are merged.
 */
@Injectable()
export class NotConnectedNotionConnections extends NotionConnections {
  resolveForUser(): Promise<{ integrationId: string }> {
    return Promise.reject(new NotionNotConnectedError());
  }

  getValidAccessToken(): Promise<string> {
    return Promise.reject(new NotionNotConnectedError());
  }

  refreshAfterUnauthorized(): Promise<string> {
    return Promise.reject(new NotionNotConnectedError());
  }

  onChange(): void {
    // Nothing ever changes.
  }
}
