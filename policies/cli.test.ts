import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../platform/cli.ts';
import { policyCommands } from './cli.ts';
import { shopSupergraphSdl } from './engine/fixtures.ts';

const check = policyCommands({ mint: async () => '', verify: async () => ({ subject: '', roles: [], scopes: [], attributes: {} }) }).find((c) => c.name === 'policy check')!;

async function runCheck(files: Record<string, string>, json = false) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-policy-check-'));
  fs.writeFileSync(path.join(dir, 'supergraph.graphql'), shopSupergraphSdl);
  fs.mkdirSync(path.join(dir, 'rules'));
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'rules', f), text);
  let out = '';
  let err = '';
  try {
    const code = await check.run({ args: [], options: { dir: 'rules', supergraph: 'supergraph.graphql', json }, io: { out: (t) => (out += t), err: (t) => (err += t), env: {}, cwd: dir } });
    return { code, out, err };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The first command run loads (and vitest compiles) the policy engine on demand: seconds on a busy machine.
describe('dpg policy check on a supergraph with an @interfaceObject', { timeout: 60_000 }, () => {
  it('passes a policy that decides implementations differently, with a file:line warning naming the rule', async () => {
    const r = await runCheck({ 'p.yaml': 'grants:\n  - id: book-notes\n    to: { roles: [r] }\n    read:\n      - { field: Query.products }\n      - { field: Book.note }\n' });
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toMatch(/rules\/p\.yaml:6: warning: grant "book-notes" covers Book\.note but not Furniture\.note; subgraph reviews resolves Product\.note as an @interfaceObject/m);
    expect(r.out).toMatch(/is valid: 1 files, 1 warning\(s\)/);
    const json = JSON.parse((await runCheck({ 'p.yaml': 'grants:\n  - id: book-notes\n    to: { roles: [r] }\n    read: [{ field: Book.note }]\n' }, true)).out);
    expect(json).toMatchObject({ ok: true, problems: [], warnings: [expect.objectContaining({ line: 4, message: expect.stringContaining('Book.note but not Furniture.note') })] });
  });

  it('is quiet for a policy that names the interface field, and fails on a union field', async () => {
    expect(await runCheck({ 'p.yaml': 'grants:\n  - id: notes\n    to: {}\n    read: [{ field: Product.note }, { subgraph: "*" }]\n' })).toMatchObject({ code: EXIT.ok, err: '' });
    const bad = await runCheck({ 'p.yaml': 'grants:\n  - id: g\n    to: {}\n    read: [{ field: SearchResult.name }]\n' });
    expect(bad.code).toBe(EXIT.failed);
    expect(bad.err).toContain('rules/p.yaml:4: "SearchResult.name": SearchResult is a union, and unions have no fields');
  });
});
