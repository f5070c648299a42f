import { describe, expect, it } from 'vitest';
import { acquisitionCosts, experimentResults } from './compute.ts';

describe('customer acquisition cost', () => {
  it('divides a quarter\'s channel spend by the customers that channel won in that quarter', () => {
    const rows = acquisitionCosts(
      [
        { id: 'c1', channel: 'SEARCH', monthlySpend: [{ month: '2025-01-01', amount: 1000 }, { month: '2025-02-01', amount: 500 }, { month: '2025-04-01', amount: 300 }] },
        { id: 'c2', channel: 'SEARCH', monthlySpend: [{ month: '2025-03-01', amount: 1500 }] },
        { id: 'c3', channel: 'EMAIL', monthlySpend: [{ month: '2025-01-01', amount: 90 }] },
      ],
      [
        { id: 'a1', customerSince: '2025-01-10', acquisitionChannel: 'SEARCH' },
        { id: 'a2', customerSince: '2025-03-31', acquisitionChannel: 'SEARCH' },
        { id: 'a3', customerSince: '2025-02-01', acquisitionChannel: null }, // unattributed: counts nowhere
        { id: 'a4', customerSince: null, acquisitionChannel: 'EMAIL' }, // still a prospect
      ],
    );
    expect(rows).toEqual([
      { id: '2025-Q1:EMAIL', quarter: '2025-Q1', channel: 'EMAIL', spend: 90, newCustomers: 0, cac: null, campaignIds: ['c3'] },
      { id: '2025-Q1:SEARCH', quarter: '2025-Q1', channel: 'SEARCH', spend: 3000, newCustomers: 2, cac: 1500, campaignIds: ['c1', 'c2'] },
      { id: '2025-Q2:SEARCH', quarter: '2025-Q2', channel: 'SEARCH', spend: 300, newCustomers: 0, cac: null, campaignIds: ['c1'] },
    ]);
  });
});

describe('experiment results', () => {
  it('computes churn and play time per variant, ignoring players outside experiments', () => {
    const rows = experimentResults([
      { id: 'p1', experimentId: 'e', variant: 'three', churned: true, sessionCount: 2, totalPlaySeconds: 600 },
      { id: 'p2', experimentId: 'e', variant: 'three', churned: false, sessionCount: 4, totalPlaySeconds: 1200 },
      { id: 'p3', experimentId: 'e', variant: 'four', churned: false, sessionCount: 1, totalPlaySeconds: 400 },
      { id: 'p4', experimentId: null, variant: null, churned: true, sessionCount: 9, totalPlaySeconds: 9 },
    ]);
    expect(rows).toEqual([
      { id: 'e:four', experimentId: 'e', variant: 'four', players: 1, churnedPlayers: 0, churnRate: 0, sessions: 1, averageSessionSeconds: 400, averagePlaySecondsPerPlayer: 400 },
      { id: 'e:three', experimentId: 'e', variant: 'three', players: 2, churnedPlayers: 1, churnRate: 0.5, sessions: 6, averageSessionSeconds: 300, averagePlaySecondsPerPlayer: 900 },
    ]);
  });
});
