import type { Request } from 'express';

interface RouterLayer {
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
  match?: (path: string) => boolean;
}

/** More methods than this on one route means a catch-all (`all`), i.e. a middleware mount, not a route. */
const MAX_ROUTE_METHODS = 8;

function isCatchAll(methods: Record<string, boolean>): boolean {
  return Boolean(methods._all) || Object.keys(methods).length > MAX_ROUTE_METHODS;
}

/** Whether a route handler (not merely a middleware mounted on every path) matched the request. */
export function matchedRoute(request: Request): boolean {
  const route = request.route as { methods?: Record<string, boolean> } | undefined;
  return route?.methods !== undefined && !isCatchAll(route.methods);
}

/**
 * The methods the application serves on the path of `request`, from Express's own router (sorted, HEAD
 * added where GET is, as Express answers it). Empty when no route matches the path at all.
 */
export function allowedMethods(request: Request): string[] {
  const router = (request.app as unknown as { router?: { stack: RouterLayer[] } }).router;
  if (!router) return [];
  const path = request.path;
  const methods = new Set<string>();
  const walk = (stack: RouterLayer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        if (isCatchAll(layer.route.methods) || !layer.match?.(path)) continue;
        const names = Object.keys(layer.route.methods).filter((m) => layer.route?.methods[m]);
        for (const name of names) methods.add(name.toUpperCase());
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk(router.stack);
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
