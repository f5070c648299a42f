import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../platform/db.ts';
import { compilePolicy } from '../../policies/engine/compile.ts';
import { parsePolicy } from '../../policies/engine/load.ts';
import { factsFromSubgraph } from '../../policies/engine/schemaFacts.ts';
import { validatePolicy } from '../../policies/engine/validate.ts';
import type { Principal } from '../../policies/principal.ts';
import { requestAccess } from './access.ts';
import { RequestData } from './loaders.ts';
import { carrying, defineTable, through } from './table.ts';

// One subgraph holding accounts and their contacts, plus tickets that carry their account's region (as if from another domain).
const SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag"])
type Query { accounts: [Account!]! contacts: [Contact!]! tickets: [Ticket!]! }
type Account @key(fields: "id") { id: ID! region: String! }
type Contact @key(fields: "id") { id: ID! email: String @tag(name: "pii") account: Account! }
type Ticket @key(fields: "id") { id: ID! subject: String! account: Account }`;

const POLICY = `tags:
  pii:
    unmasked: [{ roles: [rep] }]
    otherwise: partial
grants:
  - id: analysts
    to: { roles: [analyst] }
    read: [{ subgraph: crm }]
  - id: reps
    to: { roles: [rep] }
    read: [{ subgraph: crm }]
    rows:
      Account: { region: $principal.attributes.region }
      Contact: { account: { visible: true } }
      Ticket: { account: { visible: true } }
`;

const accounts = defineTable({ type: 'Account', table: 'accounts', key: 'id', columns: { id: 'id', region: 'region' } });
const contacts = defineTable({ type: 'Contact', table: 'contacts', key: 'id', columns: { id: 'id', email: 'email', accountId: 'account_id' }, relations: { account: through(accounts, 'accountId') } });
const tickets = defineTable({
  type: 'Ticket',
  table: 'tickets',
  key: 'id',
  columns: { id: 'id', subject: 'subject', accountId: 'account_id', accountRegion: 'account_region' },
  relations: { account: carrying({ id: 'accountId', region: 'accountRegion' }) },
});

const facts = factsFromSubgraph('crm', SDL);
const compiled = (() => {
  const { policy, problems } = parsePolicy([{ file: 'p.yaml', text: POLICY }]);
  if (!policy) throw new Error(JSON.stringify(problems));
  const invalid = validatePolicy(policy, facts, false);
  if (invalid.length) throw new Error(JSON.stringify(invalid));
  return compilePolicy(policy, facts);
})();

const as = (roles: string[], attributes: Record<string, string> = {}) => {
  const p: Principal = { subject: 's', roles, scopes: [], attributes };
  const access = requestAccess((type) => compiled.ways(p, type, 'crm'));
  return { access, data: new RequestData(db, access) };
};

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ dataDir: 'memory', schema: 'kit_access' });
  await db.exec(`CREATE TABLE accounts (id text PRIMARY KEY, region text NOT NULL);
    CREATE TABLE contacts (id text PRIMARY KEY, account_id text NOT NULL, email text);
    CREATE TABLE tickets (id text PRIMARY KEY, account_id text NOT NULL, account_region text NOT NULL, subject text NOT NULL);
    INSERT INTO accounts VALUES ('a1', 'EU'), ('a2', 'US');
    INSERT INTO contacts VALUES ('c1', 'a1', 'ann@a1.example'), ('c2', 'a2', 'bob@a2.example');
    INSERT INTO tickets VALUES ('t1', 'a1', 'EU', 'first'), ('t2', 'a2', 'US', 'second');`);
}, 60_000);
afterAll(() => db?.close());

describe('row access in SQL', () => {
  it('follows a relation inside the domain with a subquery on the related table', async () => {
    const { data } = as(['rep'], { region: 'EU' });
    expect((await data.page(contacts, { first: 10 })).map((r) => r.id)).toEqual(['c1']);
    expect((await data.byKey(contacts).loadMany(['c1', 'c2'])).map((r) => (r as { id: string } | null)?.id ?? null)).toEqual(['c1', null]);
  });

  it('follows a relation into another domain through the fields the table carries', async () => {
    expect((await as(['rep'], { region: 'US' }).data.page(tickets, { first: 10 })).map((r) => r.id)).toEqual(['t2']);
    expect(await as(['rep']).data.page(tickets, { first: 10 })).toEqual([]);
  });

  it('computes, per row, which ways show it, and decides each value by them', async () => {
    const { data, access } = as(['analyst', 'rep'], { region: 'EU' });
    expect(access.perRow('Contact')).toBe(true);
    const rows = await data.page(contacts, { first: 10 });
    expect(rows.map((r) => r.id)).toEqual(['c1', 'c2']);
    const decided = rows.map((r) => access.decideRow('Contact', 'email', r));
    // c1 (EU) is shown by both ways, the rep's unmasked; c2 only by the analyst's.
    expect(decided).toEqual([
      { effect: 'allow', mask: null, rule: 'reps' },
      { effect: 'mask', mask: 'partial', rule: 'tag-pii' },
    ]);
    expect(access.decideRow('Contact', 'email', undefined)).toMatchObject({ effect: 'mask', mask: 'partial' });
  });

  it('keeps the plain statement when every row is decided alike', async () => {
    const { data, access } = as(['analyst']);
    expect(access.perRow('Contact')).toBe(false);
    expect(access.table(contacts).ways).toBeUndefined();
    expect((await data.page(contacts, { first: 10 }))[0]).not.toHaveProperty('__ways');
  });
});
