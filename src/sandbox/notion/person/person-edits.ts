import { ControlError } from '../control/control';
import { newId, normalizeId } from '../core/ids';
import { LATEST_VERSION } from '../core/version';
import { Renderer } from '../content/render';
import { isObject } from '../content/validate';
import { SandboxContext } from '../http/context';
import { Router } from '../http/router';
import { Route, SandboxRequest } from '../http/types';
import { JsonObject } from '../store/model';
import { PersonAccess } from './person-access';

const READS = new Set(['GET', 'HEAD']);

/**
 * A person's edits, as made in Notion's app: each one is a Notion API request (same path, same
 * body, same validation) run by the very handler that serves `/v1`, with the person in place of a
 * bot. So a person's edit and an API edit cannot diverge: times, `last_edited_by`, the search
 * index and webhook events follow from the same code.
 */
export class PersonEdits {
  private readonly router: Router;

  constructor(
    private readonly ctx: Pick<SandboxContext, 'store' | 'validator' | 'baseUrl'>,
    apiRoutes: Route[],
  ) {
    this.router = new Router(apiRoutes.filter((route) => route.kind === 'api'));
  }

  /** A handle acting as `personId` in `workspaceId` (default: the workspace of what is edited, or the person's only one). */
  as(personId: string, workspaceId?: string): PersonSession {
    return new PersonSession(this, personId, workspaceId);
  }

  /**
   * Runs `method path` (a `/v1/…` path) with a JSON body as the person. Notion's errors are thrown
   * as `NotionApiError` (with Notion's status and code), unknown people or workspaces as `ControlError`.
   */
  async request(personId: string, method: string, path: string, body?: unknown, workspaceId?: string): Promise<JsonObject> {
    const upper = method.toUpperCase();
    const url = new URL(path, 'http://sandbox.localhost');
    const matched = this.router.match(upper, url.pathname);
    if (!matched || matched === 'wrong_method') throw new ControlError(404, `no Notion operation ${upper} ${url.pathname}`);
    const { route, params } = matched;
    if (route.kind !== 'api') throw new ControlError(404, `no Notion operation ${upper} ${url.pathname}`);
    const access = this.access(personId, workspaceId ?? this.workspaceOf(params, body));
    const parsed = READS.has(upper) || upper === 'DELETE' ? undefined : (body ?? {});
    if (parsed !== undefined && !isObject(parsed)) throw new ControlError(400, 'body should be a JSON object');
    if (parsed !== undefined) this.ctx.validator.check(route.method, route.template, LATEST_VERSION, parsed);
    const rawBody = Buffer.from(parsed === undefined ? '' : JSON.stringify(parsed));
    const req: SandboxRequest = {
      method: upper,
      path: url.pathname,
      query: url.searchParams,
      headers: {},
      params,
      rawBody,
      requestId: newId(),
      json: () => parsed,
      form: () => new URLSearchParams(),
    };
    const result = await route.handle({
      req,
      version: LATEST_VERSION,
      access,
      render: new Renderer(this.ctx.store, this.ctx.baseUrl(), LATEST_VERSION, (id) => access.canSee(id)),
      body: (parsed ?? {}) as Record<string, unknown>,
      botId: personId,
    });
    if (!READS.has(upper)) this.ctx.store.changed();
    return result;
  }

  private access(personId: string, workspaceId: string | null): PersonAccess {
    const state = this.ctx.store.state;
    const person = state.people[personId];
    if (!person) throw new ControlError(404, `unknown person ${personId}`);
    const memberOf = Object.values(state.workspaces).filter((w) => w.memberIds.includes(personId));
    const chosen = workspaceId ?? (memberOf.length === 1 ? memberOf[0].id : person.homeWorkspaceId ?? null);
    if (!chosen) throw new ControlError(400, `person ${personId} belongs to ${memberOf.length} workspaces; name the workspaceId`);
    if (!state.workspaces[chosen]) throw new ControlError(404, `unknown workspace ${chosen}`);
    if (!memberOf.some((w) => w.id === chosen)) throw new ControlError(400, `person ${personId} is not a member of workspace ${chosen}`);
    return new PersonAccess(this.ctx.store, person, chosen);
  }

  /** The workspace of the first object the request names (path id, then parent), when it exists. */
  private workspaceOf(params: Record<string, string>, body: unknown): string | null {
    const parent = isObject(body) && isObject(body.parent) ? body.parent : {};
    const candidates = [...Object.values(params), parent.page_id, parent.data_source_id, parent.database_id];
    for (const raw of candidates) {
      const id = typeof raw === 'string' ? normalizeId(raw) : null;
      const node = id ? this.ctx.store.node(id) : null;
      if (node) return node.record.workspaceId;
    }
    return null;
  }
}

type Position = { type: 'start' } | { type: 'end' } | { type: 'after_block'; after_block: { id: string } };

/** The edits a person makes in Notion's app, by name. Each returns the Notion object, as the API would. */
export class PersonSession {
  constructor(
    private readonly edits: PersonEdits,
    readonly personId: string,
    readonly workspaceId?: string,
  ) {}

  request(method: string, path: string, body?: unknown): Promise<JsonObject> {
    return this.edits.request(this.personId, method, path, body, this.workspaceId);
  }

  /** A new page under a page, a data source (`properties` by name) or, with no parent, the workspace. */
  createPage(input: { parent?: { page_id: string } | { data_source_id: string }; title?: string; properties?: JsonObject; children?: unknown[] }): Promise<JsonObject> {
    const properties = input.properties ?? (input.title === undefined ? undefined : { title: { title: text(input.title) } });
    return this.request('POST', '/v1/pages', { parent: input.parent ?? { workspace: true }, ...(properties && { properties }), ...(input.children && { children: input.children }) });
  }

  appendBlocks(blockId: string, children: unknown[], position?: Position): Promise<JsonObject> {
    return this.request('PATCH', `/v1/blocks/${blockId}/children`, { children, ...(position && { position }) });
  }

  /** `body` as for `PATCH /v1/blocks/{id}`, e.g. `{paragraph: {rich_text: [...]}}`. */
  updateBlock(blockId: string, body: JsonObject): Promise<JsonObject> {
    return this.request('PATCH', `/v1/blocks/${blockId}`, body);
  }

  deleteBlock(blockId: string): Promise<JsonObject> {
    return this.request('DELETE', `/v1/blocks/${blockId}`);
  }

  /** Property values keyed by name or id, in Notion's request format. */
  setPageProperties(pageId: string, properties: JsonObject): Promise<JsonObject> {
    return this.request('PATCH', `/v1/pages/${pageId}`, { properties });
  }

  /** Sets the title, whatever the title property is called (a row's "Name", a page's "title"). */
  async renamePage(pageId: string, title: string): Promise<JsonObject> {
    const page = await this.request('GET', `/v1/pages/${pageId}`);
    const properties = (page.properties ?? {}) as Record<string, JsonObject>;
    const key = Object.keys(properties).find((name) => properties[name].type === 'title') ?? 'title';
    return this.setPageProperties(pageId, { [key]: { title: text(title) } });
  }

  trashPage(pageId: string): Promise<JsonObject> {
    return this.request('PATCH', `/v1/pages/${pageId}`, { in_trash: true });
  }

  restorePage(pageId: string): Promise<JsonObject> {
    return this.request('PATCH', `/v1/pages/${pageId}`, { in_trash: false });
  }

  movePage(pageId: string, parent: { page_id: string } | { data_source_id: string }): Promise<JsonObject> {
    return this.request('POST', `/v1/pages/${pageId}/move`, { parent });
  }

  addRow(dataSourceId: string, properties: JsonObject, children?: unknown[]): Promise<JsonObject> {
    return this.request('POST', '/v1/pages', { parent: { data_source_id: dataSourceId }, properties, ...(children && { children }) });
  }

  /** `property` is the property's current name or id. */
  renameProperty(dataSourceId: string, property: string, name: string): Promise<JsonObject> {
    return this.request('PATCH', `/v1/data_sources/${dataSourceId}`, { properties: { [property]: { name } } });
  }

  deleteProperty(dataSourceId: string, property: string): Promise<JsonObject> {
    return this.request('PATCH', `/v1/data_sources/${dataSourceId}`, { properties: { [property]: null } });
  }
}

function text(content: string): JsonObject[] {
  return [{ type: 'text', text: { content } }];
}
