import { SandboxContext } from '../http/context';
import { header } from '../http/pipeline';
import { Route, SandboxRequest, SandboxResponse } from '../http/types';
import { normalizeId } from '../core/ids';
import { Integration } from '../store/model';
import { plainTextOf } from '../store/store';
import { AuthorizeParams, choosePersonPage, consentPage, errorPage } from '../oauth/consent-page';
import { checkConsent, issueCode } from '../oauth/grants';

const PERSON_COOKIE = 'notion_sandbox_user';

type Checked = { integration: Integration; params: AuthorizeParams; redirectUri: string } | { error: SandboxResponse };

/** Unknown clients and unregistered redirect URIs get an error page: redirecting there would be unsafe. */
function checkClient(ctx: SandboxContext, get: (name: string) => string | null): Checked {
  const clientId = get('client_id') ?? '';
  const integration = Object.values(ctx.store.state.integrations).find((i) => i.clientId === clientId && i.kind === 'public');
  if (!integration) return { error: { status: 400, html: errorPage('Unknown client_id: no public integration has this OAuth client id.') } };
  const given = get('redirect_uri') ?? '';
  let redirectUri = given;
  if (given === '') {
    if (integration.redirectUris.length !== 1) return { error: { status: 400, html: errorPage('redirect_uri is required for this integration.') } };
    redirectUri = integration.redirectUris[0];
  } else if (!integration.redirectUris.includes(given)) {
    return { error: { status: 400, html: errorPage('redirect_uri is not registered for this integration.') } };
  }
  const params: AuthorizeParams = {
    client_id: clientId,
    redirect_uri: given,
    response_type: get('response_type') ?? '',
    owner: get('owner') ?? '',
    state: get('state'),
  };
  // Notion's authorize URL always says `owner=user` (public integrations are installed by a person).
  if (params.owner !== 'user') return { error: { status: 400, html: errorPage('owner must be "user".') } };
  return { integration, params, redirectUri };
}

function redirect(redirectUri: string, values: Record<string, string>, state: string | null, extraHeaders: Record<string, string> = {}): SandboxResponse {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(values)) url.searchParams.set(key, value);
  if (state !== null) url.searchParams.set('state', state);
  return { status: 302, headers: { location: url.toString(), ...extraHeaders } };
}

function cookie(req: SandboxRequest, name: string): string | null {
  for (const part of (header(req, 'cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export function consentRoutes(ctx: SandboxContext): Route[] {
  /** A consent ticket (see `issueConsentTicket`) names the person; unknown or expired → null. */
  const ticketPerson = (ticket: string): string | null => {
    const record = Object.prototype.hasOwnProperty.call(ctx.store.state.tickets, ticket) ? ctx.store.state.tickets[ticket] : undefined;
    if (!record || ctx.clock.now() >= record.expiresAt || !ctx.store.state.people[record.personId]) return null;
    return record.personId;
  };
  const badTicket = (): SandboxResponse => ({ status: 400, html: errorPage('This sign-in link is invalid or has expired. Start again from the app.') });

  const renderConsent = (integration: Integration, params: AuthorizeParams, personId: string, error: string | null, status: number, ticket: string | null = null): SandboxResponse => {
    const s = ctx.store.state;
    const person = s.people[personId];
    const workspaces = Object.values(s.workspaces).filter((w) => w.memberIds.includes(personId));
    const pages = Object.values(s.pages)
      .filter((p) => p.parent.type === 'workspace' && !p.inTrash && workspaces.some((w) => w.id === p.workspaceId))
      .map((p) => ({ id: p.id, workspaceId: p.workspaceId, label: `${plainTextOf(ctx.store.pageTitle(p)) || 'Untitled'} — ${s.workspaces[p.workspaceId].name}` }));
    return {
      status,
      html: consentPage(integration.name, params, { id: person.id, label: `${person.name} <${person.email}>` }, workspaces.map((w) => ({ id: w.id, label: w.name })), pages, error, ticket),
    };
  };

  const show = (req: SandboxRequest): SandboxResponse => {
    const checked = checkClient(ctx, (name) => req.query.get(name));
    if ('error' in checked) return checked.error;
    const { integration, params, redirectUri } = checked;
    if (params.response_type !== 'code') return redirect(redirectUri, { error: 'unsupported_response_type' }, params.state);
    const ticket = req.query.get('sandbox_ticket');
    if (ticket !== null) {
      const ticketed = ticketPerson(ticket);
      return ticketed ? renderConsent(integration, params, ticketed, null, 200, ticket) : badTicket();
    }
    const requested = req.query.has('user') ? req.query.get('user') : cookie(req, PERSON_COOKIE);
    const personId = requested ? normalizeId(requested) : null;
    if (!personId || !ctx.store.state.people[personId]) {
      const people = Object.values(ctx.store.state.people).map((p) => ({ id: p.id, label: `${p.name} <${p.email}>` }));
      return { status: 200, html: choosePersonPage(integration.name, params, people) };
    }
    return renderConsent(integration, params, personId, null, 200);
  };

  const decide = (req: SandboxRequest): SandboxResponse => {
    const form = req.form();
    const checked = checkClient(ctx, (name) => form.get(name));
    if ('error' in checked) return checked.error;
    const { integration, params, redirectUri } = checked;
    if (form.get('action') !== 'allow') return redirect(redirectUri, { error: 'access_denied' }, params.state);
    const ticket = form.get('sandbox_ticket');
    const personId = ticket !== null ? ticketPerson(ticket) : (normalizeId(form.get('user') ?? '') ?? '');
    if (personId === null) return badTicket();
    if (!ctx.store.state.people[personId]) return { status: 400, html: errorPage('Unknown person.') };
    const workspaceId = normalizeId(form.get('workspace_id') ?? '') ?? '';
    const pageIds = form.getAll('page_ids').map((id) => normalizeId(id) ?? id);
    const problem = checkConsent(ctx.store, { integration, workspaceId, personId, pageIds });
    if (problem) return renderConsent(integration, params, personId, problem, 400, ticket);
    const code = issueCode(ctx.store, { integration, workspaceId, personId, pageIds, redirectUri: params.redirect_uri || null }, ctx.settings.authCodeTtlSeconds);
    // A ticketed visit is one person of an embedding app: no cookie, so the next visitor is not preselected.
    const cookieHeader: Record<string, string> = ticket !== null ? {} : { 'set-cookie': `${PERSON_COOKIE}=${encodeURIComponent(personId)}; Path=/; HttpOnly; SameSite=Lax` };
    return redirect(redirectUri, { code }, params.state, cookieHeader);
  };

  return [
    { kind: 'html', method: 'GET', template: '/v1/oauth/authorize', handle: show },
    { kind: 'html', method: 'POST', template: '/v1/oauth/authorize', handle: decide },
  ];
}
