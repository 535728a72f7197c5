#!/usr/bin/env node
// `npm run bench:first-run`: what a new user waits for after `npm install`. Deletes the build, then times
// `npm start`'s own entry (scripts/start.js: build, then boot) on an empty DATA_DIR until /health/ready
// answers 200 (the first run), stops it with SIGTERM, and times a second start on the same DATA_DIR (no
// build, the embedded database already there). Prints each figure with the machine's load, since a
// shared machine's other work shows up in wall-clock times. Plain JavaScript, so nothing is compiled
// before the clock starts. Usage: node bench/first-run.js [rounds]
'use strict';
/* global fetch, setTimeout */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const rounds = Number(process.argv[2] ?? 1);

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function timeStart(dataDir, port) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return ms;
}

(async () => {
  const figures = { first: [], second: [] };
  for (let i = 0; i < rounds; i += 1) {
    fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-first-run-'));
    const port = await freePort();
    try {
      figures.first.push(await timeStart(dataDir, port));
      figures.second.push(await timeStart(dataDir, port));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const say = (line) => process.stdout.write(`${line}\n`);
  say(`first run (build + first boot on an empty DATA_DIR) to ready: ${(median(figures.first) / 1000).toFixed(1)} s (runs: ${figures.first.map((ms) => (ms / 1000).toFixed(1)).join(', ')})`);
  say(`second start (no build, existing DATA_DIR) to ready: ${(median(figures.second) / 1000).toFixed(1)} s (runs: ${figures.second.map((ms) => (ms / 1000).toFixed(1)).join(', ')})`);
  say(`${os.cpus().length} cores, load average ${load}`);
})().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
