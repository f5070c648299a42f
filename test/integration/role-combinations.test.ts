/**
 * Several roles never add up to more than each gives alone, checked as a
 * property against the live mesh and the demo policy: random combinations of
 * the policy's roles, region attributes and scopes (seeded, so a failure
 * replays) query a set of data products, and so does each single role with
 * the same attributes and scopes. For every row (by type and id) and every
 * field the combination sees, some single role must see the very same value
 * for that row — a combination may see less (null, a denial, a missing row),
 * never a value no single role sees.
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Random } from '../../subgraphs/kit/seed/random.ts';
import { REGIONS } from '../../subgraphs/kit/seed/universe.ts';
import { bearer, describeMesh, startTestMesh, type TestMesh } from '../support/mesh.ts';

const PRODUCTS = [
  '{ accounts(first: 500) { __typename id name region industry segment customerSince } }',
  '{ contacts(first: 500) { __typename id name email phone title region account { __typename id region } } }',
  '{ opportunities(first: 500) { __typename id name amount stage region owner closeDate } }',
  '{ tickets(first: 500) { __typename id subject status priority accountRegion account { __typename id name } } }',
  '{ accounts(first: 120) { __typename id contacts { __typename id email } tickets { __typename id subject } openTicketCount npsScore churnRisk health acquisitionChannel } }',
  '{ leads(first: 500) { __typename id email createdOn campaign { __typename id name channel } convertedAccount { __typename id name } } }',
  '{ players(first: 300) { __typename id handle email dateOfBirth country sessionCount } }',
  '{ campaigns(first: 100) { __typename id name channel totalSpend } }',
];
const COMBINATIONS = 10;

type Values = Map<string, Map<string, unknown>>;

/** Every object with a __typename and id in a response, as `Type:id` → field → value (scalars only; nested objects are rows of their own). */
function rowsOf(data: unknown, into: Values = new Map()): Values {
  if (Array.isArray(data)) data.forEach((d) => rowsOf(d, into));
  else if (data && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    const key = typeof o.__typename === 'string' && o.id != null ? `${o.__typename}:${o.id}` : undefined;
    const row = key ? (into.get(key) ?? into.set(key, new Map()).get(key)!) : undefined;
    for (const [field, value] of Object.entries(o)) {
      if (value && typeof value === 'object') rowsOf(value, into);
      else if (row && field !== '__typename') row.set(field, value);
    }
  }
  return into;
}

describeMesh('role combinations (property)', () => {
  let mesh: TestMesh;

  beforeAll(async () => {
    mesh = await startTestMesh();
  });
  afterAll(() => mesh?.close());

  const seen = async (roles: string[], attributes: Record<string, string>, scopes: string[]): Promise<Values> => {
    const headers = await bearer(roles, attributes, scopes, `prop-${roles.join('-') || 'none'}`);
    const rows: Values = new Map();
    for (const query of PRODUCTS) {
      const res = await request(mesh.gateway.url).post('/graphql').set(headers).send({ query });
      expect(res.status, `${roles} ${query}`).toBe(200);
      rowsOf(res.body.data, rows);
    }
    return rows;
  };

  it('never shows a combination of roles a value no single one of them sees, row by row and field by field', async () => {
    const rules = mesh.gateway.policy.current!.rules;
    const matchers = [...rules.grants, ...rules.forbids, ...rules.filters].map((l) => l.rule.to).concat([...rules.tagRules.values()].flatMap((l) => l.rule.unmasked));
    const roles = [...new Set(matchers.flatMap((m) => m.roles ?? []))].sort();
    const scopes = [...new Set(matchers.flatMap((m) => m.scopes ?? []))].sort();
    expect(roles).toEqual(expect.arrayContaining(['analyst', 'sales', 'marketing', 'exec', 'governance']));

    const r = new Random('role-combinations');
    let compared = 0;
    for (let i = 0; i < COMBINATIONS; i++) {
      // The case first, then random draws.
      const combo = i === 0 ? ['analyst', 'sales'] : [...new Set(Array.from({ length: r.int(2, 3) }, () => r.pick(roles)))];
      if (combo.length < 2) combo.push(roles.find((x) => !combo.includes(x))!);
      const attributes: Record<string, string> = i === 0 || r.chance(0.8) ? { region: i === 0 ? 'EMEA' : r.pick(REGIONS) } : {};
      const granted = i > 0 && r.chance(0.25) ? [r.pick(scopes)] : [];
      const label = `[${combo}] ${JSON.stringify(attributes)} [${granted}]`;

      const together = await seen(combo, attributes, granted);
      const alone = await Promise.all(combo.map((role) => seen([role], attributes, granted)));
      for (const [row, fields] of together) {
        expect(alone.some((a) => a.has(row)), `${label}: ${row} is visible to no single role`).toBe(true);
        for (const [field, value] of fields) {
          if (value === null) continue;
          compared++;
          const someone = alone.some((a) => a.get(row)?.has(field) && a.get(row)!.get(field) === value);
          expect(someone, `${label}: ${row}.${field} = ${JSON.stringify(value)}; alone: ${JSON.stringify(alone.map((a) => a.get(row)?.get(field) ?? null))}`).toBe(true);
        }
      }
    }
    console.log(`role combinations: ${COMBINATIONS} combinations, ${compared} values compared, each seen by a single role`);
    expect(compared).toBeGreaterThan(1000);
  });
});
