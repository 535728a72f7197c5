import type { INestApplication } from '@nestjs/common';

export interface RouteInfo {
  method: string;
  path: string;
}

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: ExpressLayer[] };
  /** Where a router is mounted (`app.use('/oauth/token', router)`); '/' for a router mounted at the root. */
  rawPath?: unknown;
}

/**
 * Every method + path the Express router of the app serves, nested routers included. Middleware mounts
 * (a route answering every method, as Nest's forRoutes('*path') makes) are not routes and are left out.
 */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: ExpressLayer[] } };
  if (!express.router) throw new Error('Express 5 router not found');
  const routes: RouteInfo[] = [];
  const walk = (stack: ExpressLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        // `_all` is router.all(): a catch-all (a 405 answer), not a route of its own.
        const methods = Object.keys(layer.route.methods).filter((m) => layer.route?.methods[m] && m !== '_all');
        if (methods.length > 8) continue;
        const path = prefix && layer.route.path === '/' ? prefix : `${prefix}${layer.route.path}`;
        for (const method of methods) routes.push({ method: method.toUpperCase(), path });
      }
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      if (layer.handle?.stack) walk(layer.handle.stack, `${prefix}${mount}`);
    }
  };
  walk(express.router.stack, '');
  return routes;
}

/** A concrete URL for a route pattern: every `:param` becomes a well-formed UUID. */
export function concretePath(path: string): string {
  return path.replace(/:[A-Za-z0-9_]+/g, '00000000-0000-4000-8000-000000000000');
}

export const routeKey = (route: RouteInfo): string => `${route.method} ${route.path}`;
