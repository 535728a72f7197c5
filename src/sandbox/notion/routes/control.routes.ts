import { ControlError, SandboxControl } from '../control/control';
import { isObject } from '../content/validate';
import { Route, SandboxRequest, SandboxResponse } from '../http/types';

export type ControlAction = (body: Record<string, unknown>, params: Record<string, string>) => unknown;

/** JSON in, JSON out; control errors are `{error}` with a plain status, never Notion's error shape. */
export function action(status: number, run: ControlAction) {
  return (req: SandboxRequest): SandboxResponse => {
    try {
      let body: unknown;
      try {
        body = req.json();
      } catch {
        throw new ControlError(400, 'invalid JSON body');
      }
      if (body !== undefined && !isObject(body)) throw new ControlError(400, 'body should be a JSON object');
      const result = run((body ?? {}) as Record<string, unknown>, req.params);
      return { status, body: result === undefined ? { ok: true } : result };
    } catch (error) {
      if (error instanceof ControlError) return { status: error.status, body: { error: error.message } };
      throw error;
    }
  };
}

/** `/__sandbox/...`: the same operations as `sandbox.control`, for tools that only speak HTTP. */
export function controlRoutes(control: SandboxControl): Route[] {
  // The bodies are passed through as-is; SandboxControl validates what it needs.
  const as = <T>(body: Record<string, unknown>): T => body as unknown as T;
  const route = (method: string, template: string, status: number, run: ControlAction): Route => ({ kind: 'control', method, template, handle: action(status, run) });
  return [
    route('GET', '/__sandbox/state', 200, () => control.exportState()),
    route('GET', '/__sandbox/workspaces', 200, () => ({ results: control.listWorkspaces() })),
    route('POST', '/__sandbox/workspaces', 201, (b) => control.createWorkspace(as(b))),
    route('POST', '/__sandbox/workspaces/{workspace_id}/members', 200, (b, p) => control.addMember(p.workspace_id, String(b.personId ?? ''))),
    route('POST', '/__sandbox/people', 201, (b) => control.createPerson(as(b))),
    route('POST', '/__sandbox/integrations', 201, (b) => control.createIntegration(as(b))),
    route('POST', '/__sandbox/integrations/{integration_id}/pages', 200, (b, p) => {
      control.sharePages(p.integration_id, Array.isArray(b.pageIds) ? b.pageIds.map(String) : []);
    }),
    route('POST', '/__sandbox/integrations/ensure-public', 200, (b) => control.ensurePublicIntegration(as(b))),
    route('POST', '/__sandbox/people/ensure', 200, (b) => control.ensurePerson(as(b))),
    route('POST', '/__sandbox/consent-tickets', 201, (b) => ({ ticket: control.issueConsentTicket(String(b.personId ?? ''), b.ttlSeconds === undefined ? undefined : Number(b.ttlSeconds)) })),
    route('POST', '/__sandbox/pages', 201, (b) => control.seedPage(as(b))),
    route('GET', '/__sandbox/pages/{page_id}/content', 200, (_b, p) => control.pageContent(p.page_id)),
    route('POST', '/__sandbox/oauth/codes', 201, (b) => ({ code: control.issueAuthorizationCode(as(b)) })),
    route('POST', '/__sandbox/oauth/tokens', 201, (b) => control.issueToken(as(b))),
    route('GET', '/__sandbox/faults', 200, () => ({ results: control.faults() })),
    route('POST', '/__sandbox/faults', 201, (b) => control.injectFault(as(b))),
    route('DELETE', '/__sandbox/faults', 200, () => control.clearFaults()),
    route('GET', '/__sandbox/requests', 200, () => ({ results: control.requestLog() })),
    route('DELETE', '/__sandbox/requests', 200, () => control.clearRequestLog()),
    route('GET', '/__sandbox/counters', 200, () => ({ results: control.tokenCounters() })),
    route('POST', '/__sandbox/clock', 200, (b) => control.advanceClock(Number(b.advanceMs ?? 0))),
    route('POST', '/__sandbox/reset', 200, () => control.reset()),
  ];
}
