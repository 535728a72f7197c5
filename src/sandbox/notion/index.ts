/**
 * The Notion sandbox: a local, stateful emulator of Notion's public API (OAuth included) for
 * tests, benchmarks and the zero-config start. See docs/notion-sandbox.md.
 */
export { startNotionSandbox } from './sandbox';
export type { NotionSandbox, NotionSandboxOptions } from './sandbox';
export { SandboxControl, ControlError } from './control/control';
export type { CreateIntegrationInput, EnsurePersonInput, EnsurePublicIntegrationInput, GrantInput, HostedPerson, IntegrationInfo, SeedPageInput } from './control/control';
export { resolveNotionSpec } from './core/spec-file';
export type { DemoInfo, DemoSeedOptions } from './control/demo-seed';
export type { Exchange } from './http/context';
export type { Fault, FaultKind, FaultSpec, FaultStatus } from './traffic/faults';
export type { RateLimitOptions } from './traffic/rate-limiter';
export type { RequestLogEntry, TokenCounters } from './traffic/request-log';
export type { ContentTreeNode } from './content/tree';
export { LATEST_VERSION as NOTION_VERSION, PREVIOUS_VERSION as NOTION_PREVIOUS_VERSION } from './core/version';
export { PersonSession } from './person/person-edits';
export { SandboxWebhooks } from './webhooks/webhooks';
export type { SubscriptionInput, SubscriptionView, WebhookOptions } from './webhooks/webhooks';
export type { DeliveryLogEntry } from './webhooks/delivery';
export type { WebhookFault, WebhookFaultKind, WebhookFaultSpec } from './webhooks/webhook-faults';
export { EVENT_TYPES as WEBHOOK_EVENT_TYPES } from './webhooks/change';
export type { EventType as WebhookEventType } from './webhooks/change';
export { NotionApiError } from './core/errors';
