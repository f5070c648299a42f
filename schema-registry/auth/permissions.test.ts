import { describe, expect, it } from 'vitest';
import { decideOperate, decideTokenCreation, decideWrite, mayReportUsage, type RegistryPrincipal } from './permissions.ts';

const as = (role: RegistryPrincipal['role'], team = 'sales-ops'): RegistryPrincipal => ({ id: '1', team, role, label: null });

describe('registry permissions', () => {
  it('lets a team publish its own subgraphs and claim unowned names for itself', () => {
    expect(decideWrite(as('team'), 'sales', 'sales-ops', 'sales-ops')).toEqual({ allowed: true, claimFor: null });
    expect(decideWrite(as('team'), 'pricing', null, 'someone-else')).toEqual({ allowed: true, claimFor: 'sales-ops' });
  });

  it('refuses another team\'s subgraph, naming both teams', () => {
    expect(decideWrite(as('team', 'marketing-ops'), 'sales', 'sales-ops', null)).toEqual({ allowed: false, reason: 'subgraph "sales" belongs to team sales-ops; this token is team marketing-ops\'s' });
  });

  it('lets governance and admin act for any team, claiming new names for the descriptor\'s team', () => {
    expect(decideWrite(as('admin', 'platform'), 'sales', 'sales-ops', null)).toEqual({ allowed: true, claimFor: null });
    expect(decideWrite(as('governance', 'data-governance'), 'pricing', null, 'pricing-ops')).toEqual({ allowed: true, claimFor: 'pricing-ops' });
    expect(decideWrite(as('admin', 'platform'), 'pricing', null, null)).toEqual({ allowed: true, claimFor: 'platform' });
  });

  it('keeps gateway tokens to usage reports', () => {
    expect(decideWrite(as('gateway', 'platform'), 'sales', null, null).allowed).toBe(false);
    expect(mayReportUsage(as('gateway'))).toBe(true);
    expect(mayReportUsage(as('team'))).toBe(false);
  });

  it('lets only admin create admin tokens, and teams none', () => {
    expect(decideTokenCreation(as('admin'), 'admin').allowed).toBe(true);
    expect(decideTokenCreation(as('governance'), 'team').allowed).toBe(true);
    expect(decideTokenCreation(as('governance'), 'admin')).toEqual({ allowed: false, reason: 'a governance token cannot create admin tokens' });
    expect(decideTokenCreation(as('team'), 'team').allowed).toBe(false);
  });

  it('lets the owning team, governance and admin operate a subgraph (invalidate, refresh), and no one else', () => {
    expect(decideOperate(as('team'), 'sales', 'sales-ops')).toEqual({ allowed: true });
    expect(decideOperate(as('governance', 'data-governance'), 'sales', 'sales-ops')).toEqual({ allowed: true });
    expect(decideOperate(as('admin', 'platform'), 'sales', null)).toEqual({ allowed: true });
    expect(decideOperate(as('team', 'marketing-ops'), 'sales', 'sales-ops')).toEqual({ allowed: false, reason: 'subgraph "sales" belongs to team sales-ops; this token is team marketing-ops\'s' });
    // Operating never claims a name, unlike a first publish.
    expect(decideOperate(as('team'), 'pricing', null)).toEqual({ allowed: false, reason: 'subgraph "pricing" has no owner yet' });
    expect(decideOperate(as('gateway', 'platform'), 'sales', 'platform')).toEqual({ allowed: false, reason: 'a gateway token cannot operate subgraphs' });
  });
});
