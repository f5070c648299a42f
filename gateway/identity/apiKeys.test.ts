import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiKeyLookup, hashKey, loadApiKeys, newApiKey } from './apiKeys.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-keys-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('API keys', () => {
  it('maps a key to its principal through the stored hash only', () => {
    const key = newApiKey();
    const keys = loadApiKeys(file('ok.yaml', `keys:\n  - id: bi\n    sha256: ${hashKey(key)}\n    subject: powerbi\n    roles: [analyst]\n`));
    const lookup = apiKeyLookup(keys);
    expect(lookup(key)).toEqual({ id: 'bi', principal: { subject: 'powerbi', roles: ['analyst'], scopes: [], attributes: {} } });
    expect(lookup(`${key}x`)).toBeUndefined();
    expect(JSON.stringify(keys)).not.toContain(key);
  });

  it('refuses a file whose entries lack a proper hash or subject, naming the entry', () => {
    expect(() => loadApiKeys(file('plain.yaml', 'keys:\n  - subject: bi\n    sha256: not-a-hash\n'))).toThrow(/plain\.yaml: keys\[0\] needs "sha256" \(64 hex digits\) and "subject"/);
    expect(() => loadApiKeys(file('nosubject.yaml', `keys:\n  - sha256: ${'a'.repeat(64)}\n`))).toThrow(/keys\[0\]/);
    expect(loadApiKeys(file('empty.yaml', ''))).toEqual([]);
  });
});
