/**
 * Standalone Notion sandbox (`npm run sandbox:notion`): seeds a demo workspace and prints what a
 * developer needs to connect. Printing the demo secrets here is deliberate — this is a local dev
 * tool and nothing else in the sandbox logs them.
 */
import { startNotionSandbox } from './sandbox';
import { readStandaloneConfig } from './standalone-config';

async function main(): Promise<void> {
  const { options } = readStandaloneConfig(process.env);
  const sandbox = await startNotionSandbox(options);
  const demo = sandbox.demo;
  const lines = [
    `Notion sandbox listening on ${sandbox.url} (API under ${sandbox.url}/v1, control API under ${sandbox.url}/__sandbox)`,
    `  Notion-Version:        2026-03-11 (2025-09-03 also accepted)`,
    `  rate limit:            ${options.rateLimit === false ? 'off' : `${options.rateLimit?.requestsPerSecond ?? 3} requests/s per installation`}`,
    `  control token:         ${sandbox.controlToken ?? '(control API off)'}${options.controlToken ? ' (from NOTION_SANDBOX_CONTROL_TOKEN)' : ' (generated; set NOTION_SANDBOX_CONTROL_TOKEN to fix it)'}`,
    `  snapshot file:         ${options.snapshotFile ?? '(none, state is in memory only)'}`,
  ];
  if (demo) {
    lines.push(
      `  demo workspace:        ${demo.workspaceId}`,
      `  demo page:             ${demo.pageId}`,
      `  internal token:        ${demo.internalToken}`,
      `  OAuth client id:       ${demo.clientId}`,
      `  OAuth client secret:   ${demo.clientSecret}`,
      `  OAuth redirect URIs:   ${demo.redirectUris.join(', ')}`,
      `  authorize URL:         ${sandbox.url}/v1/oauth/authorize?client_id=${encodeURIComponent(demo.clientId)}&response_type=code&owner=user&redirect_uri=${encodeURIComponent(demo.redirectUris[0])}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Notion sandbox stopping (${signal})\n`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Notion sandbox failed to stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Notion sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
