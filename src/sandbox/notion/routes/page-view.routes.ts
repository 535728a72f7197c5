import { NotionApiError } from '../core/errors';
import { Renderer } from '../content/render';
import { SandboxContext } from '../http/context';
import { Route, SandboxResponse } from '../http/types';
import { PageView, VIEW_HEADERS, idFromPath } from '../view/page-view';
import { errorPage } from '../oauth/consent-page';

/**
 * `GET /<title-slug>-<id>`: the page (or database) at its `url`, as read-only HTML. There is no
 * sign-in, as for a Notion page "shared to the web": whoever has the address (a random id) sees it.
 * Paths that do not end in an id stay Notion's `invalid_request_url`.
 */
export function pageViewRoutes(ctx: SandboxContext): Route[] {
  const show = (path: string): SandboxResponse => {
    const id = idFromPath(path);
    if (!id) throw new NotionApiError(400, 'invalid_request_url', 'Invalid request URL.');
    const renderer = new Renderer(ctx.store, ctx.baseUrl(), '2026-03-11');
    const view = new PageView(ctx.store, (page) => renderer.pageUrl(page), (target) => renderer.url(target));
    const page = ctx.store.state.pages[id];
    if (page) return { status: 200, html: view.page(page), headers: VIEW_HEADERS };
    const database = ctx.store.state.databases[id];
    if (database) return { status: 200, html: view.database(database), headers: VIEW_HEADERS };
    return { status: 404, html: errorPage('There is no page at this address.'), headers: VIEW_HEADERS };
  };
  return [{ kind: 'html', method: 'GET', template: '/{page_path}', handle: (req) => show(req.params.page_path) }];
}
