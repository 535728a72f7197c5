import { Writable } from 'node:stream';
import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { NEST_APPLICATION_OPTIONS, configureApp } from '../../src/app.factory';
import { AppModule } from '../../src/app.module';
import type { AppConfig } from '../../src/core/config/app-config';
import { testConfig } from './test-config';

/** Collects every log line the app writes, parsed, for assertions on what was (not) logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.lines.push(...chunk.toString().split('\n').filter(Boolean));
    callback();
  }

  get text(): string {
    return this.lines.join('\n');
  }
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  http: () => TestAgent;
  close: () => Promise<void>;
}

/**
 * Boots the real AppModule (plus any test-only modules) on the run's database and Redis, configured
 * exactly as main.ts configures it.
 */
export async function bootApp(
  options: {
    env?: Record<string, string | undefined>;
    imports?: ModuleMetadata['imports'];
    logs?: LogCapture;
    /** Replaces providers before compiling (e.g. `(b) => b.overrideProvider(Clock).useValue(clock)`). */
    override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  } = {},
): Promise<TestApp> {
  const config = testConfig(options.env);
  const builder = Test.createTestingModule({
    imports: [AppModule.forRoot(config, { logDestination: options.logs }), ...(options.imports ?? [])],
  });
  const moduleRef = await (options.override ? options.override(builder) : builder).compile();
  const app = moduleRef.createNestApplication(NEST_APPLICATION_OPTIONS);
  configureApp(app, config);
  await app.init();
  return {
    app,
    config,
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}
