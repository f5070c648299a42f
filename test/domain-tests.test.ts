/**
 * Domains made by `dpg domain new` bring their own test, written for node's
 * test runner so it runs wherever the folder lives. Those in subgraphs/ run
 * here, with the rest of the suite.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { domains } from '../subgraphs/index.ts';

const ROOT = path.join(import.meta.dirname, '..');
const tests = domains.map((d) => path.join(d.dir, 'domain.test.ts')).filter((f) => fs.existsSync(f));

it.skipIf(tests.length === 0)('every scaffolded domain in subgraphs/ passes its own test', () => {
  for (const file of tests) {
    const run = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['--test', file], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 300_000 });
    expect(run.status, `${path.relative(ROOT, file)}\n${run.stdout}\n${run.stderr}`).toBe(0);
  }
}, 600_000);
