import { Exchange } from '../../../src/sandbox/notion';
import { NotionContract } from './notion-contract';

let shared: NotionContract | null = null;

/** Loading the 800 KB document once per test file is enough. */
export function notionContract(): NotionContract {
  shared ??= new NotionContract();
  return shared;
}

/**
 * Checks every Notion API response (success or error) the moment the sandbox sends it and
 * keeps the violations; each test file asserts at the end that there were none. Successes
 * under Notion-Version 2025-09-03 are skipped: the document describes 2026-03-11.
 */
export class ContractRecorder {
  readonly exchanges: Exchange[] = [];
  readonly violations: string[] = [];

  record(exchange: Exchange): void {
    this.exchanges.push(exchange);
    if ((exchange.route !== null && !exchange.route.startsWith('/v1/')) || exchange.route === '/v1/oauth/authorize' || exchange.status === 0) return;
    const where = `${exchange.method} ${exchange.path} → ${exchange.status}`;
    const headers = exchange.responseHeaders;
    if (exchange.responseBody === undefined) {
      this.violations.push(`${where}: empty body`);
      return;
    }
    // The document describes 2026-03-11; 2025-09-03 successes carry the older names (`archived`) by design.
    if (exchange.notionVersion === '2025-09-03' && exchange.status < 400) return;
    // Unknown paths have no operation; Notion answers them with the generic 400 invalid_request_url.
    const template = exchange.route ?? '/v1/users/me';
    let body = exchange.responseBody;
    // Notion's success objects carry `request_id` (the document does not declare it): it must be the
    // header's id; the rest of the body is then held to the document.
    if (exchange.status < 400 && !template.startsWith('/v1/oauth/') && body && typeof body === 'object') {
      const { request_id: requestId, ...rest } = body as Record<string, unknown>;
      if (requestId !== headers['x-notion-request-id']) this.violations.push(`${where}: request_id ${String(requestId)} is not the x-notion-request-id header`);
      body = rest;
    }
    try {
      const problems = notionContract().check(exchange.method, template, exchange.status, body);
      for (const problem of problems) this.violations.push(`${where}: ${problem}`);
    } catch (error) {
      this.violations.push(`${where}: ${(error as Error).message}`);
    }
    if (exchange.status === 429 && !headers['retry-after']) this.violations.push(`${where}: 429 without Retry-After`);
  }

  /** Operations (method + template) seen with a given status class. */
  seen(): Set<string> {
    return new Set(this.exchanges.filter((e) => e.route).map((e) => `${e.method} ${e.route} ${e.status}`));
  }
}
