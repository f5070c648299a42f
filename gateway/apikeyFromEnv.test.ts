/** `dpg apikey create --key-env NAME`: a deployment's start-up step hashes the key it hands a service, idempotently. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../platform/cli.ts';
import { commands } from './cli.ts';
import { apiKeyLookup, loadApiKeys } from './identity/apiKeys.ts';

async function dpg(args: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const code = await runCli(commands, args, { out: (t) => void (out += t), err: (t) => void (err += t), env, cwd: process.cwd() });
  return { code, out, err };
}

describe('apikey create --key-env', () => {
  it('hashes the given key into the file once, however often it runs, and never prints the key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-keys-'));
    const file = path.join(dir, 'api-keys.yaml');
    const key = 'analytics-key-from-the-operator';
    const args = ['apikey', 'create', '--sub', 'svc:analytics', '--role', 'analytics-pipeline', '--file', file, '--key-env', 'ANALYTICS_KEY'];
    for (let i = 0; i < 2; i++) {
      const run = await dpg(args, { ANALYTICS_KEY: key });
      expect(run.code, run.err).toBe(0);
      expect(run.out).not.toContain(key);
    }
    const entries = loadApiKeys(file);
    expect(entries).toHaveLength(1);
    expect(apiKeyLookup(entries)(key)?.principal).toEqual({ subject: 'svc:analytics', roles: ['analytics-pipeline'], scopes: [], attributes: {} });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unset variable, writing nothing', async () => {
    const file = path.join(os.tmpdir(), `dpg-keys-${process.pid}-none.yaml`);
    const run = await dpg(['apikey', 'create', '--sub', 'svc:x', '--file', file, '--key-env', 'NOT_SET'], {});
    expect(run.code).toBe(2);
    expect(run.err).toContain('NOT_SET');
    expect(fs.existsSync(file)).toBe(false);
  });
});
