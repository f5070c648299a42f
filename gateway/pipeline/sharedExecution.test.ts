import { parse, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../policies/principal.ts';
import type { RequestState } from './plugin.ts';
import { executionKey, sharedExecution } from './sharedExecution.ts';

const principal = (region: string): Principal => ({ subject: `rep-${region}`, roles: ['sales'], scopes: [], attributes: { region } });

function request(query: string, options: { variables?: Record<string, unknown>; fingerprint?: string; principal?: Principal; headers?: Record<string, string> } = {}): RequestState {
  const document = parse(query);
  return {
    http: { method: 'POST', headers: options.headers ?? {}, body: undefined } as never,
    params: { query, variables: options.variables ?? {}, extensions: {} },
    supergraph: { hash: 'sg1' } as never,
    headers: {},
    errors: [],
    audit: [],
    startedAt: 0,
    requestId: `req-${Math.random()}`,
    principal: options.principal ?? principal('EMEA'),
    fingerprint: options.fingerprint ?? 'fp-emea',
    policyVersion: 'v1',
    document,
    operation: document.definitions[0] as OperationDefinitionNode,
    queryHash: `h:${query}`,
  };
}

/** An executor that answers only when told to, and counts its runs: sharing is decided by what is in flight, not by timing. */
function heldExecutor() {
  const runs: RequestState[] = [];
  const waiting: (() => void)[] = [];
  const execute = (state: RequestState) =>
    new Promise<ExecutionResult>((resolve) => {
      runs.push(state);
      state.audit.push({ coordinate: 'Contact.email', decision: 'allow', rule: 'r', source: 'sales' });
      waiting.push(() => resolve({ data: { who: state.fingerprint, list: [{ n: 1 }] } }));
    });
  return { runs, execute, release: () => waiting.splice(0).forEach((go) => go()) };
}

describe('shared execution', () => {
  it('runs identical concurrent queries once; each request gets its own copy of the result and of the audit records', async () => {
    const held = heldExecutor();
    const outcomes: boolean[] = [];
    const run = sharedExecution(held.execute, (shared) => outcomes.push(shared));
    const states = Array.from({ length: 20 }, (_, i) => request('{ accounts { id } }', { headers: { traceparent: `00-${i}`, 'x-request-id': `r${i}` } }));
    const pending = states.map((s) => run(s));
    held.release();
    const results = await Promise.all(pending);
    expect(held.runs).toHaveLength(1);
    expect(outcomes.filter((s) => s)).toHaveLength(19);
    expect(new Set(results).size).toBe(20);
    (results[0].data as { list: { n: number }[] }).list[0].n = 99;
    expect((results[1].data as { list: { n: number }[] }).list[0].n).toBe(1);
    for (const s of states) expect(s.audit).toHaveLength(1);
  });

  it('never shares across principals whose decisions may differ, nor across variables', async () => {
    const held = heldExecutor();
    const run = sharedExecution(held.execute);
    const emea = Array.from({ length: 5 }, () => request('{ accounts { id } }', { fingerprint: 'fp-emea', principal: principal('EMEA') }));
    const na = Array.from({ length: 5 }, () => request('{ accounts { id } }', { fingerprint: 'fp-na', principal: principal('NA') }));
    const other = request('query($n: Int) { accounts(first: $n) { id } }', { variables: { n: 2 } });
    const otherVars = request('query($n: Int) { accounts(first: $n) { id } }', { variables: { n: 3 } });
    const pending = [...emea, ...na, other, otherVars].map((s) => run(s).then((r) => ({ s, r })));
    held.release();
    const answers = await Promise.all(pending);
    expect(held.runs).toHaveLength(4);
    for (const { s, r } of answers) expect((r.data as { who: string }).who).toBe(s.fingerprint);
  });

  it('without a policy fingerprint, shares only between identical identities', () => {
    const a = request('{ x }', { fingerprint: 'no-policy', principal: principal('EMEA') });
    const b = request('{ x }', { fingerprint: 'no-policy', principal: principal('NA') });
    const a2 = request('{ x }', { fingerprint: 'no-policy', principal: principal('EMEA') });
    expect(executionKey(a)).not.toBe(executionKey(b));
    expect(executionKey(a)).toBe(executionKey(a2));
  });

  it('never shares mutations', async () => {
    const held = heldExecutor();
    const run = sharedExecution(held.execute);
    const pending = [1, 2, 3].map(() => run(request('mutation { touch }')));
    held.release();
    await Promise.all(pending);
    expect(held.runs).toHaveLength(3);
  });
});
