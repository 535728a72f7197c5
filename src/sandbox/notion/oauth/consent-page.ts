/**
 * HTML of the sandbox's OAuth pages. Plain forms with stable ids and names so that both a
 * headless browser and `fetch` + form submission can drive them. Every value is escaped.
 */
export interface AuthorizeParams {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  owner: string;
  state: string | null;
}

export interface Choice {
  id: string;
  label: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}
fieldset{margin:1rem 0}label{display:block;margin:.3rem 0}.error{color:#b00020}</style></head>
<body>
${body}
</body>
</html>
`;
}

function hidden(params: AuthorizeParams, extra: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    client_id: params.client_id,
    redirect_uri: params.redirect_uri,
    response_type: params.response_type,
    owner: params.owner,
    ...extra,
  };
  if (params.state !== null) fields.state = params.state;
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
}

export function errorPage(message: string): string {
  return layout('Authorization error', `<h1>Cannot authorize</h1>\n<p id="error" class="error">${escapeHtml(message)}</p>`);
}

/** Step 1: there is no Notion login, so the visitor says which sandbox person they are. */
export function choosePersonPage(integrationName: string, params: AuthorizeParams, people: Choice[]): string {
  const options = people.map((p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(p.label)}</option>`).join('\n');
  return layout(
    `Sign in to authorize ${integrationName}`,
    `<h1>${escapeHtml(integrationName)} wants to connect to your workspace</h1>
<form id="choose-person" method="get" action="/v1/oauth/authorize">
${hidden(params)}
<label for="user">Continue as</label>
<select id="user" name="user">
${options}
</select>
<button id="continue" type="submit">Continue</button>
</form>`,
  );
}

/** Step 2: pick a workspace and the pages to share, then Allow or Cancel. */
export function consentPage(
  integrationName: string,
  params: AuthorizeParams,
  person: Choice,
  workspaces: Choice[],
  pages: Array<Choice & { workspaceId: string }>,
  error: string | null,
  ticket: string | null = null,
): string {
  const workspaceOptions = workspaces.map((w) => `<option value="${escapeHtml(w.id)}">${escapeHtml(w.label)}</option>`).join('\n');
  const pageBoxes = pages
    .map(
      (p) =>
        `<label><input type="checkbox" name="page_ids" value="${escapeHtml(p.id)}" data-workspace-id="${escapeHtml(p.workspaceId)}" id="page-${escapeHtml(p.id)}"> ${escapeHtml(p.label)}</label>`,
    )
    .join('\n');
  return layout(
    `Authorize ${integrationName}`,
    `<h1>${escapeHtml(integrationName)} wants to connect to your workspace</h1>
<p id="person">Signed in as <strong>${escapeHtml(person.label)}</strong>${ticket === null ? ` (<a id="switch-person" href="?${escapeHtml(switchQuery(params))}">not you?</a>)` : ''}</p>
${error ? `<p id="error" class="error">${escapeHtml(error)}</p>` : ''}
<form id="consent" method="post" action="/v1/oauth/authorize">
${hidden(params, ticket === null ? { user: person.id } : { sandbox_ticket: ticket })}
<label for="workspace_id">Workspace</label>
<select id="workspace_id" name="workspace_id">
${workspaceOptions}
</select>
<fieldset id="pages"><legend>Pages to share</legend>
${pageBoxes || '<p>No pages to share.</p>'}
</fieldset>
<button id="allow" type="submit" name="action" value="allow"${workspaces.length ? '' : ' disabled'}>Allow access</button>
<button id="cancel" type="submit" name="action" value="cancel">Cancel</button>
</form>`,
  );
}

function switchQuery(params: AuthorizeParams): string {
  const query = new URLSearchParams({ client_id: params.client_id, redirect_uri: params.redirect_uri, response_type: params.response_type, owner: params.owner, user: '' });
  if (params.state !== null) query.set('state', params.state);
  return query.toString();
}
