/**
 * The facts every domain's seed agrees on without reading each other's
 * tables: how many customers exist at a scale, what their ids are, and the
 * period the data covers. Each domain then draws its own facts from its own
 * random stream, the way independent teams' systems would hold them.
 */
import { Random } from './random.ts';

export const REGIONS = ['NA', 'EMEA', 'APAC', 'LATAM'] as const;
export const CHANNELS = ['SEARCH', 'SOCIAL', 'EMAIL', 'EVENTS', 'CONTENT'] as const;
export type Region = (typeof REGIONS)[number];

export interface Universe {
  scale: number;
  /** Customer accounts: owned by sales, referenced by every other domain. */
  accountIds: string[];
  /**
   * The sales region of each account. Sales owns it; customer success carries
   * it on tickets (so access to tickets can follow access to accounts), the
   * way a CRM field is copied into a support system.
   */
  regionOf(accountId: string): Region;
  /** Game players: owned by gameplay. */
  playerIds: string[];
  /** The period all activity falls in (eight quarters). */
  period: { start: string; end: string };
  /** A random stream for one purpose; the same name always replays the same draws. */
  random(stream: string): Random;
}

const pad = (n: number) => String(n).padStart(6, '0');

export function universe(scale: number): Universe {
  if (!(scale > 0)) throw new Error(`seed scale must be positive (got ${scale})`);
  const count = (base: number) => Math.max(1, Math.round(base * scale));
  const accountIds = Array.from({ length: count(200) }, (_, i) => `acc-${pad(i + 1)}`);
  const regions = new Random(`account-regions@${scale}`);
  const regionByAccount = new Map(accountIds.map((id) => [id, regions.weighted<Region>([['NA', 4], ['EMEA', 3], ['APAC', 2], ['LATAM', 1]])]));
  return {
    scale,
    accountIds,
    regionOf: (accountId) => {
      const region = regionByAccount.get(accountId);
      if (!region) throw new Error(`no account ${accountId} at seed scale ${scale}`);
      return region;
    },
    playerIds: Array.from({ length: count(400) }, (_, i) => `ply-${pad(i + 1)}`),
    period: { start: '2024-01-01', end: '2025-12-31' },
    random: (stream) => new Random(`${stream}@${scale}`),
  };
}

/** '2025-02-14' → '2025-Q1'. */
export function quarterOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}
