/* eslint-disable no-console -- a benchmark prints its figures */
// `npm run bench:enhancer`: what the offline enhancer costs per note, in this process, on the labelled notes
// of test/notes/enhancer/fixtures (typical notes: 2 to 12 lines) and on long notes made of them (about
// 8,000 characters, LLM_MAX_INPUT_CHARS' default). The first pass over the notes is timed on its own (cold:
// the code not yet optimised by V8), then 20 warm-up rounds, then each note is enhanced BENCH_ROUNDS times
// (default 200); the figures are per call: median, p95 and max in milliseconds.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { OfflineEnhancer } from '../src/notes/enhancer/offline.enhancer';

const FIXTURES = path.resolve(__dirname, '../test/notes/enhancer/fixtures');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (n: number) => Math.round(n * 1000) / 1000;

function notes(): string[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => (JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as { notes: { lines: string[] }[] }).notes)
    .map((note) => note.lines.join('\n'));
}

function measure(enhancer: OfflineEnhancer, contents: string[]): Record<string, number> {
  const coldStart = process.hrtime.bigint();
  for (const content of contents) enhancer.enhanceNow({ content });
  const cold = Number(process.hrtime.bigint() - coldStart) / 1e6 / contents.length;
  for (let r = 0; r < 20; r++) for (const content of contents) enhancer.enhanceNow({ content });
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const content of contents) {
      const start = process.hrtime.bigint();
      enhancer.enhanceNow({ content });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  times.sort((a, b) => a - b);
  const chars = contents.reduce((sum, c) => sum + c.length, 0) / contents.length;
  return {
    notes: contents.length,
    'mean chars': Math.round(chars),
    'cold mean ms': round(cold),
    'median ms': round(percentile(times, 50)),
    'p95 ms': round(percentile(times, 95)),
    'max ms': round(times[times.length - 1]),
  };
}

function main(): void {
  const enhancer = new OfflineEnhancer();
  const typical = notes();
  const long: string[] = [];
  for (let i = 0; i < 10; i++) {
    let text = '';
    for (let j = i; text.length < 8000; j = (j + 7) % typical.length) text += `${typical[j]}\n\n`;
    long.push(text);
  }
  console.table({ 'typical notes': measure(enhancer, typical), 'long notes (~8,000 chars)': measure(enhancer, long) });
  console.log(`${ROUNDS} rounds each; Node ${process.version}`);
}

main();
