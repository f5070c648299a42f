/**
 * API keys for BI tools that cannot do OAuth. Only SHA-256 hashes are kept
 * (in a YAML file the operator manages), each mapped to the principal it
 * stands for; `npm run -s dpg -- apikey` creates a key and its entry.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import { parse } from 'yaml';
import type { Principal } from '../../policies/principal.ts';
import { sha256 } from '../../platform/hash.ts';

export interface ApiKeyEntry {
  id: string;
  sha256: string;
  principal: Principal;
}

export const hashKey = sha256;

export function newApiKey(): string {
  return `dpg_${randomBytes(24).toString('base64url')}`;
}

export function loadApiKeys(file: string): ApiKeyEntry[] {
  const raw = parse(fs.readFileSync(file, 'utf8')) as { keys?: unknown[] } | null;
  return (raw?.keys ?? []).map((entry, i) => {
    const e = entry as Record<string, any>;
    if (typeof e?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256) || typeof e.subject !== 'string') {
      throw new Error(`${file}: keys[${i}] needs "sha256" (64 hex digits) and "subject"`);
    }
    return {
      id: String(e.id ?? e.subject),
      sha256: e.sha256,
      principal: { subject: e.subject, roles: e.roles ?? [], scopes: e.scopes ?? [], attributes: e.attributes ?? {} },
    };
  });
}

/** The key's id (which names the client in usage reports) and the principal it stands for. */
export type ApiKeyMatch = Pick<ApiKeyEntry, 'id' | 'principal'>;

export function apiKeyLookup(entries: readonly ApiKeyEntry[]): (key: string) => ApiKeyMatch | undefined {
  const byHash = new Map(entries.map((e) => [e.sha256, e]));
  return (key) => {
    const hash = hashKey(key);
    const entry = byHash.get(hash);
    // The map lookup already found it; the constant-time compare keeps a
    // partial-match timing signal out of the picture all the same.
    return entry && timingSafeEqual(Buffer.from(entry.sha256), Buffer.from(hash)) ? { id: entry.id, principal: entry.principal } : undefined;
  };
}
