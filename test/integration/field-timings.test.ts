/**
 * The gateway side of federated tracing: with SUBGRAPH_TRACES on, the
 * gateway asks every subgraph for an ftv1 trace and exposes each field's
 * resolver time as dpg_subgraph_field_seconds{subgraph,type,field}.
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeMesh, startTestMesh, type TestMesh } from '../support/mesh.ts';

describeMesh('per-field timings from subgraph traces', () => {
  let mesh: TestMesh;
  beforeAll(async () => {
    mesh = await startTestMesh({ env: { SUBGRAPH_TRACES: 'true' } });
  });
  afterAll(async () => {
    await mesh?.close();
  });

  const countOf = (metrics: string, subgraph: string, type: string, field: string) => {
    const line = metrics.split('\n').find((l) => l.startsWith('dpg_subgraph_field_seconds_count{') && l.includes(`subgraph="${subgraph}"`) && l.includes(`type="${type}"`) && l.includes(`field="${field}"`));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  it('records every field each subgraph resolved, entity fields and batched child lists included', async () => {
    const res = await mesh.query('{ accounts(first: 3) { name opportunities { stage } tickets { status } } }');
    expect(res.body.errors).toBeUndefined();
    const metrics = (await request(mesh.gateway.url).get('/metrics')).text;
    expect(countOf(metrics, 'sales', 'Query', 'accounts')).toBe(1);
    expect(countOf(metrics, 'sales', 'Account', 'name')).toBe(3);
    // One per account: the child lists were one batched load, each field timed.
    expect(countOf(metrics, 'sales', 'Account', 'opportunities')).toBe(3);
    const stages = res.body.data.accounts.reduce((n: number, a: { opportunities: unknown[] }) => n + a.opportunities.length, 0);
    expect(countOf(metrics, 'sales', 'Opportunity', 'stage')).toBe(stages);
    // Fields another subgraph resolved for the same entities, through _entities.
    expect(countOf(metrics, 'customer-success', 'Query', '_entities')).toBe(1);
    expect(countOf(metrics, 'customer-success', 'Account', 'tickets')).toBe(3);
  });
});
