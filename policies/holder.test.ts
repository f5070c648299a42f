import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CRM, SUPPORT, sources, supergraphSdl, who } from './engine/fixtures.ts';
import { policyVersion, type PolicySource } from './engine/load.ts';
import { factsFromSubgraph } from './engine/schemaFacts.ts';
import { KEPT_VERSIONS, PolicyHolder, type PolicyFeed } from './holder.ts';

const logger = pino({ level: 'silent' });
const grant = (id: string, read: string, role = 'agent') => `grants:\n  - id: ${id}\n    to: { roles: [${role}] }\n    read:\n      - ${read}\n`;
const VALID = sources({ 'support.yaml': grant('agents-read-support', 'subgraph: support') });
// The typo the issue reports: one letter off, and the grant covers nothing.
const TYPO = sources({ 'support.yaml': grant('agents-read-support', 'subgraph: suport') });

/** A policy source the test sets; `latest` hands out each new set once, as the folder source does. */
function feed(byVersion?: Map<string, PolicySource[]>) {
  let next: PolicySource[] | undefined;
  const reads = { latest: 0, version: 0 };
  const source: PolicyFeed = {
    async latest() {
      reads.latest++;
      const out = next;
      next = undefined;
      return out;
    },
    ...(byVersion ? { version: async (v: string) => (reads.version++, byVersion.get(v)) } : {}),
  };
  return { source, reads, set: (files: PolicySource[]) => (next = files) };
}

/** A supergraph feed handing out the given SDL once. */
function supergraphFeed() {
  let next: string | undefined;
  return {
    give: (sdl: string) => (next = sdl),
    read: async () => {
      const out = next;
      next = undefined;
      return out;
    },
  };
}

let holders: PolicyHolder[] = [];
afterEach(() => {
  for (const h of holders) h.stop();
  holders = [];
});

/** A holder as the support subgraph runs it: its own schema until the supergraph arrives. */
async function subgraphHolder(files: PolicySource[], byVersion?: Map<string, PolicySource[]>) {
  const policies = feed(byVersion);
  const sg = supergraphFeed();
  const holder = new PolicyHolder({ source: policies.source, intervalMs: 60_000, logger, supergraph: { feed: sg.read, member: 'support' } });
  holders.push(holder);
  holder.setFacts(factsFromSubgraph('support', SUPPORT), { kind: 'own-schema', subgraph: 'support' });
  policies.set(files);
  await holder.start();
  return { holder, policies, supergraph: sg };
}

describe('policy holder', () => {
  it('checks against the supergraph once it is known, so a typo every other service refuses is refused here too', async () => {
    const { holder, policies, supergraph } = await subgraphHolder(VALID);
    const valid = holder.current!.version;
    expect(holder.status().schema).toEqual({ kind: 'own-schema', subgraph: 'support' });

    supergraph.give(supergraphSdl);
    await holder.refresh();
    expect(holder.status().schema).toMatchObject({ kind: 'supergraph', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    policies.set(TYPO);
    await holder.refresh();
    expect(holder.current!.version).toBe(valid);
    expect(holder.status().rejected).toMatchObject({ version: policyVersion(TYPO), problems: [expect.objectContaining({ file: 'support.yaml', line: 5, message: expect.stringMatching(/^unknown subgraph "suport"/) })] });
    expect(holder.current!.decide(who(['agent']), 'Case.status').effect).toBe('allow');
  });

  it('refuses a filter gap once it checks against the supergraph, as the gateway and the registry do', async () => {
    const GAP = sources({
      'reps.yaml':
        'grants:\n  - id: reps-own-region\n    to: { roles: [rep] }\n    read: [{ subgraph: crm }]\n    rows:\n      Customer: { region: $principal.attributes.region }\n  - id: reps-cases\n    to: { roles: [rep] }\n    read: [{ type: Case }]\n',
    });
    const { holder, policies, supergraph } = await subgraphHolder(VALID);
    supergraph.give(supergraphSdl);
    await holder.refresh();
    policies.set(GAP);
    await holder.refresh();
    expect(holder.current!.version).toBe(policyVersion(VALID));
    expect(holder.status().rejected?.problems).toEqual([expect.objectContaining({ file: 'reps.yaml', line: 7, message: expect.stringMatching(/^filter gap: grant "reps-cases" shows Case rows to role rep/) })]);
  });

  it('on its own schema alone cannot tell the typo from another domain, which is why it does not count as ready', async () => {
    const { holder } = await subgraphHolder(TYPO);
    // Accepted, and the grant covers nothing: the silent revocation the supergraph check prevents.
    expect(holder.current!.version).toBe(policyVersion(TYPO));
    expect(holder.current!.decide(who(['agent']), 'Case.status').rule).toBe('default-deny');
    expect(holder.status().schema?.kind).toBe('own-schema');
  });

  it('ignores a supergraph that does not include this subgraph yet', async () => {
    const { holder, supergraph } = await subgraphHolder(VALID);
    supergraph.give(`${supergraphSdl}`.replace(/SUPPORT @join__graph\(name: "support"[^)]*\)/, 'SUPPORT @join__graph(name: "elsewhere", url: "http://elsewhere")'));
    await holder.refresh();
    expect(holder.status().schema?.kind).toBe('own-schema');
  });

  it(`keeps the last ${KEPT_VERSIONS} valid versions, and reads the source at once for one it does not hold yet`, async () => {
    const { holder, policies, supergraph } = await subgraphHolder(VALID);
    supergraph.give(supergraphSdl);
    await holder.refresh();
    const versions = [holder.current!.version];
    for (let i = 1; i <= KEPT_VERSIONS; i++) {
      const files = sources({ 'support.yaml': grant('agents-read-support', 'subgraph: support'), 'extra.yaml': grant(`extra-${i}`, 'field: Case.note', 'auditor') });
      policies.set(files);
      await holder.refresh();
      versions.push(policyVersion(files));
    }
    expect(holder.status().kept).toEqual(versions.slice(1).reverse());
    expect(holder.held(versions[0])).toBeUndefined();
    expect(holder.held(versions[1])!.decide(who(['auditor']), 'Case.note').rule).toBe('extra-1');

    // The gateway names a version this subgraph has not polled yet.
    const next = sources({ 'support.yaml': grant('agents-read-support', 'subgraph: support'), 'extra.yaml': grant('next', 'field: Case.note', 'auditor') });
    policies.set(next);
    const reads = policies.reads.latest;
    expect((await holder.obtain(policyVersion(next)))?.version).toBe(policyVersion(next));
    expect(policies.reads.latest).toBe(reads + 1);
  });

  it('fetches an earlier version by name from a source that keeps versions, and does not look again for one it lacks', async () => {
    const older = sources({ 'support.yaml': grant('agents-read-support', 'subgraph: support'), 'old.yaml': grant('old-grant', 'field: Case.note', 'auditor') });
    const byVersion = new Map([[policyVersion(older), older]]);
    const { holder, policies, supergraph } = await subgraphHolder(VALID, byVersion);
    supergraph.give(supergraphSdl);
    await holder.refresh();

    const found = await holder.obtain(policyVersion(older));
    expect(found?.decide(who(['auditor']), 'Case.note').rule).toBe('old-grant');
    expect(holder.current!.version).toBe(policyVersion(VALID)); // kept, not made current

    expect(await holder.obtain('ffffffffffffffff')).toBeUndefined();
    const asked = policies.reads.version;
    expect(await holder.obtain('ffffffffffffffff')).toBeUndefined();
    expect(policies.reads.version).toBe(asked);
  });

  it('never keeps a version fetched by name that does not validate here', async () => {
    const byVersion = new Map([[policyVersion(TYPO), TYPO]]);
    const { holder, supergraph } = await subgraphHolder(VALID, byVersion);
    supergraph.give(supergraphSdl);
    await holder.refresh();
    expect(await holder.obtain(policyVersion(TYPO))).toBeUndefined();
    expect(holder.status().kept).toEqual([policyVersion(VALID)]);
  });

  it('recompiles the versions it keeps against a new supergraph', async () => {
    const { holder, supergraph } = await subgraphHolder(VALID);
    supergraph.give(supergraphSdl);
    await holder.refresh();
    const before = holder.current!;
    // The same policy against a supergraph where support also resolves a new field.
    supergraph.give(supergraphSdl.replace('note: String @tag(name: "pii")', 'note: String @tag(name: "pii")\n  priority: Int'));
    await holder.refresh();
    expect(holder.current).not.toBe(before);
    expect(holder.current!.version).toBe(before.version);
    expect(holder.current!.decide(who(['agent']), 'Case.priority').effect).toBe('allow');
  });

  it('is used by the gateway without a feed: handed the supergraph it serves', async () => {
    const policies = feed();
    const holder = new PolicyHolder({ source: policies.source, intervalMs: 60_000, logger });
    holders.push(holder);
    policies.set(VALID);
    await holder.start();
    expect(holder.current).toBeUndefined(); // compiled once the schema is known
    holder.setFacts(factsFromSubgraph('crm', CRM), { kind: 'own-schema', subgraph: 'crm' });
    expect(holder.current).toBeDefined();
  });
});
