/**
 * Sales facts for the shared set of accounts: who they are, who works there,
 * and the deals with them. An account becomes a customer on its first won deal.
 */
import type { Queryable } from '../../platform/db.ts';
import { insertRows } from '../kit/seed/insert.ts';
import { REGIONS, type Universe } from '../kit/seed/universe.ts';

const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Hooli', 'Vandelay', 'Massive', 'Nimbus', 'Polar', 'Quantum', 'Summit', 'Vertex', 'Zenith', 'Aurora', 'Cobalt'];
const NOUNS = ['Dynamics', 'Systems', 'Foods', 'Logistics', 'Labs', 'Works', 'Networks', 'Health', 'Energy', 'Media'];
const SUFFIXES = ['Inc', 'GmbH', 'Ltd', 'SA', 'KK', 'LLC'];
const INDUSTRIES = ['Retail', 'Manufacturing', 'Healthcare', 'Finance', 'Media', 'Logistics', 'Energy', 'Software'];
const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger', 'Radia', 'Tim', 'Katherine', 'John', 'Hedy', 'Guido'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Dijkstra', 'Perlman', 'Berners-Lee', 'Johnson', 'McCarthy', 'Lamarr', 'van Rossum'];
const TITLES = ['CFO', 'CTO', 'Head of Data', 'Procurement Lead', 'VP Sales', 'Analyst'];
const STAGES = [['PROSPECTING', 1], ['QUALIFICATION', 1], ['PROPOSAL', 1], ['NEGOTIATION', 1], ['CLOSED_WON', 3], ['CLOSED_LOST', 2]] as const;
const SEGMENT_AMOUNT = { SMB: [2_000, 20_000], MID: [15_000, 120_000], ENT: [80_000, 900_000] } as const;

export async function seed(db: Queryable, u: Universe): Promise<void> {
  const r = u.random('sales');
  const reps = Object.fromEntries(REGIONS.map((region) => [region, [1, 2, 3].map((n) => `${region.toLowerCase()}-rep-${n}`)]));
  const accountRows = [];
  const contactRows = [];
  const opportunityRows = [];

  for (const id of u.accountIds) {
    const segment = r.weighted([['SMB', 5], ['MID', 3], ['ENT', 1]] as const);
    // The region is a fact every domain agrees on (the universe's). The stream
    // still makes the draw it always made here, so every later sales figure
    // (names, contacts, deals, and the analytics built on them) stays the same.
    r.next();
    const region = u.regionOf(id);
    const name = `${r.pick(WORDS)} ${r.pick(NOUNS)} ${r.pick(SUFFIXES)}`;
    const domain = `${id}.example.com`;
    const createdOn = r.date('2023-06-01', '2025-09-30');

    for (let c = 1, n = r.int(1, 4); c <= n; c++) {
      const first = r.pick(FIRST);
      const last = r.pick(LAST);
      contactRows.push({
        id: `${id}-c${c}`,
        account_id: id,
        name: `${first} ${last}`,
        email: `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${domain}`,
        phone: r.chance(0.8) ? `+1-555-${String(r.int(0, 9999)).padStart(4, '0')}` : null,
        title: r.pick(TITLES),
      });
    }

    let customerSince: string | null = null;
    for (let o = 1, n = r.int(1, 6); o <= n; o++) {
      const stage = r.weighted(STAGES);
      const closeDate = r.date(createdOn > u.period.start ? createdOn : u.period.start, u.period.end);
      const [min, max] = SEGMENT_AMOUNT[segment];
      if (stage === 'CLOSED_WON' && (customerSince === null || closeDate < customerSince)) customerSince = closeDate;
      opportunityRows.push({
        id: `${id}-o${o}`,
        account_id: id,
        name: `${name.split(' ')[0]} ${r.pick(['renewal', 'expansion', 'pilot', 'platform deal', 'add-on'])}`,
        amount: r.amount(min, max),
        stage,
        close_date: closeDate,
        owner: r.pick(reps[region]),
        region,
      });
    }

    accountRows.push({ id, name, industry: r.pick(INDUSTRIES), segment, region, created_on: createdOn, customer_since: customerSince });
  }

  await insertRows(db, 'accounts', accountRows);
  await insertRows(db, 'contacts', contactRows);
  await insertRows(db, 'opportunities', opportunityRows);
}
