/**
 * The analytics formulas, as pure functions of the inputs read from other
 * domains, so they can be checked against hand computations.
 */
import { quarterOf } from '../kit/seed/universe.ts';

export interface CampaignInput {
  id: string;
  channel: string;
  monthlySpend: { month: string; amount: number }[];
}

export interface CustomerInput {
  id: string;
  customerSince: string | null;
  acquisitionChannel: string | null;
}

export interface AcquisitionCostRow {
  id: string;
  quarter: string;
  channel: string;
  spend: number;
  newCustomers: number;
  cac: number | null;
  campaignIds: string[];
}

const cents = (n: number) => Math.round(n * 100) / 100;

/**
 * CAC(quarter, channel) = marketing spend in the channel during the quarter ÷
 * accounts that became customers in the quarter and were acquired through
 * the channel. Customers without an attributed channel count toward no
 * channel; a quarter and channel with spend but no customer has no CAC (null).
 */
export function acquisitionCosts(campaigns: readonly CampaignInput[], customers: readonly CustomerInput[]): AcquisitionCostRow[] {
  const rows = new Map<string, AcquisitionCostRow>();
  const row = (quarter: string, channel: string) => {
    const id = `${quarter}:${channel}`;
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { id, quarter, channel, spend: 0, newCustomers: 0, cac: null, campaignIds: [] }));
    return r;
  };
  for (const c of campaigns) {
    for (const { month, amount } of c.monthlySpend) {
      const r = row(quarterOf(month), c.channel);
      r.spend += amount;
      if (!r.campaignIds.includes(c.id)) r.campaignIds.push(c.id);
    }
  }
  for (const a of customers) {
    if (a.customerSince && a.acquisitionChannel) row(quarterOf(a.customerSince), a.acquisitionChannel).newCustomers++;
  }
  return [...rows.values()]
    .map((r) => ({ ...r, spend: cents(r.spend), cac: r.newCustomers ? cents(r.spend / r.newCustomers) : null, campaignIds: r.campaignIds.sort() }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export interface PlayerInput {
  id: string;
  experimentId: string | null;
  variant: string | null;
  churned: boolean;
  sessionCount: number;
  totalPlaySeconds: number;
}

export interface ExperimentResultRow {
  id: string;
  experimentId: string;
  variant: string;
  players: number;
  churnedPlayers: number;
  churnRate: number;
  sessions: number;
  averageSessionSeconds: number;
  averagePlaySecondsPerPlayer: number;
}

/** Per experiment variant: churn rate, average session length and average play time per player. */
export function experimentResults(players: readonly PlayerInput[]): ExperimentResultRow[] {
  const groups = new Map<string, PlayerInput[]>();
  for (const p of players) {
    if (!p.experimentId || !p.variant) continue;
    const id = `${p.experimentId}:${p.variant}`;
    groups.set(id, [...(groups.get(id) ?? []), p]);
  }
  return [...groups.entries()]
    .map(([id, group]) => {
      const sessions = group.reduce((s, p) => s + p.sessionCount, 0);
      const seconds = group.reduce((s, p) => s + p.totalPlaySeconds, 0);
      const churned = group.filter((p) => p.churned).length;
      return {
        id,
        experimentId: group[0].experimentId!,
        variant: group[0].variant!,
        players: group.length,
        churnedPlayers: churned,
        churnRate: churned / group.length,
        sessions,
        averageSessionSeconds: sessions ? seconds / sessions : 0,
        averagePlaySecondsPerPlayer: seconds / group.length,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}
