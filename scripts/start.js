#!/usr/bin/env node
// `npm start`: builds the service when the build is missing or older than the sources, then runs it in
// this same process (so SIGTERM and SIGINT reach the service's own shutdown handling directly).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'main.js');

function newestMtime(dir) {
  let newest = 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    const time = item.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

function buildIsStale() {
  if (!fs.existsSync(entry)) return true;
  const built = fs.statSync(entry).mtimeMs;
  const sources = Math.max(
    newestMtime(path.join(root, 'src')),
    ...['package.json', 'tsconfig.json', 'tsconfig.build.json'].map((f) => fs.statSync(path.join(root, f)).mtimeMs),
  );
  return sources > built;
}

if (buildIsStale()) {
  process.stderr.write('Building the service (first start or sources changed)...\n');
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], { cwd: root, stdio: 'inherit' });
  // nest build keeps source mtimes on unchanged outputs; mark the build as fresh.
  const now = new Date();
  fs.utimesSync(entry, now, now);
}

require(entry);
