/**
 * Marketing facts for the shared set of accounts: campaigns running whole
 * months on each channel, the leads they bring in, and for most accounts the
 * one lead that turned into it (which gives the account its acquisition channel).
 */
import type { Queryable } from '../../platform/db.ts';
import { insertRows } from '../kit/seed/insert.ts';
import { addDays } from '../kit/seed/random.ts';
import { CHANNELS, type Universe } from '../kit/seed/universe.ts';

type Channel = (typeof CHANNELS)[number];

// Monthly spend range per channel: events cost most, email least.
const SPEND: Record<Channel, [number, number]> = { SEARCH: [10_000, 35_000], SOCIAL: [8_000, 25_000], EMAIL: [2_000, 8_000], EVENTS: [25_000, 60_000], CONTENT: [5_000, 15_000] };
const LABEL: Record<Channel, string> = { SEARCH: 'search ads', SOCIAL: 'social push', EMAIL: 'newsletter', EVENTS: 'roadshow', CONTENT: 'whitepaper' };
const THEMES = ['Spring launch', 'Cloud migration', 'Data quality', 'Year-end', 'Partner', 'Analytics 101', 'Customer stories', 'Security'];
const FIRST = ['alex', 'sam', 'maria', 'jonas', 'yuki', 'priya', 'omar', 'lena', 'diego', 'chloe', 'wei', 'nia'];
const LAST = ['smith', 'mueller', 'tanaka', 'silva', 'kowalski', 'nguyen', 'haddad', 'larsen', 'okafor', 'rossi'];
const DOMAINS = ['example.com', 'example.org', 'example.net'];
const MIN_DAYS_TO_CONVERT = 10;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The first day of month `index`, counted from the month of `start`. */
function monthStart(start: string, index: number): string {
  const months = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1 + index;
  return `${Math.floor(months / 12)}-${pad((months % 12) + 1, 2)}-01`;
}

const monthEnd = (first: string) => new Date(Date.UTC(Number(first.slice(0, 4)), Number(first.slice(5, 7)), 0)).toISOString().slice(0, 10);

const monthsBetween = (start: string, end: string) =>
  (Number(end.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + Number(end.slice(5, 7)) - Number(start.slice(5, 7)) + 1;

export async function seed(db: Queryable, u: Universe): Promise<void> {
  const r = u.random('marketing');
  const periodMonths = monthsBetween(u.period.start, u.period.end);
  const campaignRows = [];
  const spendRows = [];

  for (let i = 0, n = Math.max(10, Math.round(40 * u.scale)); i < n; i++) {
    const id = `cmp-${pad(i + 1, 6)}`;
    const channel = CHANNELS[i % CHANNELS.length];
    const months = r.int(1, 6);
    const first = r.int(0, periodMonths - months);
    const startDate = monthStart(u.period.start, first);
    for (let m = 0; m < months; m++) {
      const month = monthStart(u.period.start, first + m);
      spendRows.push({ id: `${id}-${month.slice(0, 7)}`, campaign_id: id, month, amount: r.amount(...SPEND[channel]) });
    }
    campaignRows.push({ id, name: `${r.pick(THEMES)} ${LABEL[channel]} ${startDate.slice(0, 7)}`, channel, start_date: startDate, end_date: monthEnd(monthStart(u.period.start, first + months - 1)) });
  }

  const leadRows: { id: string; campaign_id: string; email: string; created_on: string; converted_account_id: string | null; converted_on: string | null }[] = [];
  for (let i = 0, n = 3 * u.accountIds.length; i < n; i++) {
    const campaign = r.pick(campaignRows);
    leadRows.push({
      id: `lead-${pad(i + 1, 7)}`,
      campaign_id: campaign.id,
      email: `${r.pick(FIRST)}.${r.pick(LAST)}${r.int(1, 99)}@${r.pick(DOMAINS)}`,
      created_on: r.date(campaign.start_date, campaign.end_date),
      converted_account_id: null,
      converted_on: null,
    });
  }

  // Each converting account takes a distinct lead, in a shuffled order, that still has time to convert inside the period.
  const lastConvertible = addDays(u.period.end, -MIN_DAYS_TO_CONVERT);
  const order = leadRows.map((_, i) => i).filter((i) => leadRows[i].created_on <= lastConvertible);
  for (let i = order.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  let next = 0;
  for (const accountId of u.accountIds) {
    if (!r.chance(0.7) || next >= order.length) continue;
    const lead = leadRows[order[next++]];
    const convertedOn = addDays(lead.created_on, r.int(MIN_DAYS_TO_CONVERT, 120));
    lead.converted_account_id = accountId;
    lead.converted_on = convertedOn < u.period.end ? convertedOn : u.period.end;
  }

  await insertRows(db, 'campaigns', campaignRows);
  await insertRows(db, 'campaign_spend', spendRows);
  await insertRows(db, 'leads', leadRows);
}
