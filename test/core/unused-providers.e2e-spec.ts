import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ModulesContainer } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { AgentTool } from '../../src/tools/tool-definition';
import { bootApp, type TestApp } from '../support/app';

const SRC = path.join(__dirname, '../../src');
const LIFECYCLE = ['onModuleInit', 'onApplicationBootstrap', 'onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

function nameOf(token: unknown): string {
  if (typeof token === 'function') return token.name;
  return String(token);
}

/** What a provider's constructor (and property injections) ask the container for. */
function dependenciesOf(wrapper: InstanceWrapper): unknown[] {
  if (wrapper.inject) return wrapper.inject.map((d) => (typeof d === 'object' && d && 'token' in d ? d.token : d));
  const type = wrapper.metatype;
  if (typeof type !== 'function') return [];
  const designed: unknown[] = [...((Reflect.getMetadata('design:paramtypes', type) as unknown[] | undefined) ?? [])];
  for (const { index, param } of (Reflect.getMetadata('self:paramtypes', type) as { index: number; param: unknown }[] | undefined) ?? []) {
    designed[index] = param;
  }
  const properties = (Reflect.getMetadata('self:properties_metadata', type) as { type: unknown }[] | undefined) ?? [];
  return [...designed, ...properties.map((p) => p.type)];
}

/**
 * No provider of this codebase is registered and never used: every one is injected somewhere, is a
 * controller or an enhancer, runs on its own (a lifecycle hook), or is looked up by the composition root.
 * A dead-code check over the running container, where knip (which sees only imports) cannot look.
 */
describe('every provider is load-bearing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

  it('finds no provider of ours that nothing injects', () => {
    const text = sourceFiles(SRC).map((f) => readFileSync(f, 'utf8'));
    const ourModules = new Set(text.flatMap((s) => [...s.matchAll(/export class (\w+Module)\b/g)].map((m) => m[1])));
    const ourClasses = new Set(text.flatMap((s) => [...s.matchAll(/\bclass (\w+)/g)].map((m) => m[1])));
    // Providers looked up by name (app.get / moduleRef.get) rather than injected.
    const lookedUp = new Set(text.flatMap((s) => [...s.matchAll(/\b(?:app|moduleRef|ref)\.(?:get|resolve)\((\w+)/g)].map((m) => m[1])));

    const modules = [...t.app.get(ModulesContainer).values()];
    const used = new Set<unknown>();
    for (const module of modules) {
      for (const wrapper of [...module.providers.values(), ...module.controllers.values(), ...module.injectables.values()]) {
        for (const dep of dependenciesOf(wrapper)) used.add(dep);
      }
    }

    const unused: string[] = [];
    for (const module of modules) {
      if (!ourModules.has(module.metatype.name)) continue;
      for (const [token, wrapper] of module.providers) {
        if (token === module.metatype || used.has(token)) continue;
        const name = nameOf(token);
        // Nest's own (ApplicationConfig...) and libraries' providers are theirs to keep.
        if (typeof token === 'function' && !ourClasses.has(name)) continue;
        if (name.startsWith('APP_') || lookedUp.has(name)) continue;
        const type = wrapper.metatype;
        if (typeof type === 'function' && type.prototype) {
          // Roots: it runs on its own, is found by the tool registry's discovery, or registers itself with
          // passport when constructed.
          if (LIFECYCLE.some((hook) => typeof type.prototype[hook] === 'function')) continue;
          if (Reflect.getMetadata(AgentTool.KEY, type) !== undefined) continue;
          if (typeof type.prototype.validate === 'function' && 'authenticate' in type.prototype) continue;
        }
        unused.push(`${module.metatype.name}: ${name}`);
      }
    }
    expect(unused).toEqual([]);
  });
});
