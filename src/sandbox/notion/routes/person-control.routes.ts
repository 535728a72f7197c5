import { ControlError } from '../control/control';
import { Route, SandboxRequest, SandboxResponse } from '../http/types';
import { PersonEdits } from '../person/person-edits';

const PREFIX = '/__sandbox/people/{person_id}';

/**
 * `/__sandbox/people/{person_id}/v1/…`: a person's edits over HTTP. Every Notion operation is
 * there under the same path and body (`?workspace_id=` picks the workspace when the person is in
 * several); answers and errors are Notion's, unknown people or workspaces `{error}`.
 */
export function personControlRoutes(edits: PersonEdits, apiRoutes: Route[]): Route[] {
  return apiRoutes
    .filter((route) => route.kind === 'api')
    .map((route) => ({
      kind: 'control' as const,
      method: route.method,
      template: `${PREFIX}${route.template}`,
      handle: async (req: SandboxRequest): Promise<SandboxResponse> => {
        const query = new URLSearchParams(req.query);
        query.delete('workspace_id');
        const path = `${req.path.slice(req.path.indexOf('/v1/'))}${query.size ? `?${query}` : ''}`;
        try {
          const body = req.method === 'GET' || req.method === 'DELETE' ? undefined : req.json();
          const result = await edits.request(req.params.person_id, req.method, path, body, req.query.get('workspace_id') ?? undefined);
          return { status: 200, body: { ...result, request_id: req.requestId } };
        } catch (error) {
          if (error instanceof ControlError) return { status: error.status, body: { error: error.message } };
          throw error;
        }
      },
    }));
}
