import { Injectable, Logger } from '@nestjs/common';

export type IntegrationChangeListener = (integrationId: string) => void;

/**
 * Tells the rest of the application (e.g. a per-integration Notion client cache) that an integration's tokens
 * changed: refreshed, reconnected, marked for re-authorisation or disconnected. In-process only; other
 * instances learn it from the row itself.
 */
@Injectable()
export class IntegrationEvents {
  private readonly logger = new Logger('IntegrationEvents');
  private readonly listeners = new Set<IntegrationChangeListener>();

  /** Subscribes; returns the unsubscribe function. */
  onChange(listener: IntegrationChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emitChange(integrationId: string): void {
    for (const listener of this.listeners) {
      try {
        listener(integrationId);
      } catch (error) {
        this.logger.error({ err: error, integrationId }, 'An integration change listener failed');
      }
    }
  }
}
