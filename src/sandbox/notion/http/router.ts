import { Route } from './types';

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

/** Matches `/v1/pages/{page_id}`-style templates; the template is what the contract tests key on. */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { route, names, pattern: new RegExp(`^${source}/?$`) };
    });
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | 'wrong_method' | null {
    let pathMatched = false;
    for (const { route, pattern, names } of this.compiled) {
      const found = pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1])));
      return { route, params };
    }
    return pathMatched ? 'wrong_method' : null;
  }
}
