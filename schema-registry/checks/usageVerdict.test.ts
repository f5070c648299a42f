import { describe, expect, it } from 'vitest';
import type { SchemaChange } from '../diff/changes.ts';
import type { ClientUsage } from '../usage/clients.ts';
import { judge } from './usageVerdict.ts';

const removed: SchemaChange = { kind: 'FIELD_REMOVED', classification: 'breaking', description: 'Account.industry was removed.', coordinate: 'Account.industry', affects: { coordinates: ['Account.industry'], types: [] }, deprecatable: 'Account.industry' };
const bi: ClientUsage = { client: 'bi-dashboard', kind: 'app', requests: 12, lastSeen: '2025-03-30', operations: [{ name: 'AccountsByIndustry', hash: 'a'.repeat(64), requests: 12 }] };
const now = new Date('2025-03-31T12:00:00Z');
const base = { windowDays: 7, now };

describe('judge: how severe a schema change is, given real usage', () => {
  it('fails a breaking change to a field a client used within the window, naming the client', () => {
    const f = judge({ ...base, change: removed, clients: [bi] });
    expect(f).toMatchObject({ severity: 'error', code: 'FIELD_REMOVED', coordinate: 'Account.industry', classification: 'breaking', clients: [bi] });
    expect(f.message).toBe('Account.industry was removed. Used by 1 client in the last 7 days: bi-dashboard.');
    expect(f.fix).toMatch(/@deprecated/);
  });

  it('counts the clients without naming them for a caller without a registry token', () => {
    const f = judge({ ...base, change: removed, clients: [bi], anonymous: true });
    expect(f).toMatchObject({ severity: 'error', message: 'Account.industry was removed. Used by 1 client in the last 7 days.' });
    expect(f.clients).toBeUndefined();
  });

  it('lets the same change pass with a warning when no client used the field', () => {
    expect(judge({ ...base, change: removed, clients: [] })).toMatchObject({ severity: 'warning', message: 'Account.industry was removed. No client used it in the last 7 days.' });
  });

  it('rewards deprecation: a field deprecated for longer than the window may go even if still used', () => {
    const f = judge({ ...base, change: removed, clients: [bi], deprecatedSince: '2025-03-20T09:00:00.000Z' });
    expect(f.severity).toBe('warning');
    expect(f.message).toMatch(/Deprecated since 2025-03-20, longer than the 7-day window, so it may go; still used by 1 client: bi-dashboard/);
  });

  it('does not reward a deprecation younger than the window', () => {
    expect(judge({ ...base, change: removed, clients: [bi], deprecatedSince: '2025-03-28T00:00:00.000Z' }).severity).toBe('error');
  });

  it('fails closed when a breaking change cannot be related to usage', () => {
    expect(judge({ ...base, change: { ...removed, affects: null, coordinate: undefined }, clients: [] })).toMatchObject({ severity: 'error', message: expect.stringMatching(/counts as used/) });
  });

  it('warns about dangerous changes and reports safe ones as info', () => {
    expect(judge({ ...base, change: { ...removed, kind: 'VALUE_ADDED_TO_ENUM', classification: 'dangerous' }, clients: [] }).severity).toBe('warning');
    expect(judge({ ...base, change: { ...removed, kind: 'FIELD_ADDED', classification: 'safe' }, clients: [] })).toMatchObject({ severity: 'info', message: 'Account.industry was removed.' });
  });
});
