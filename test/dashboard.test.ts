/**
 * The Grafana dashboard reads only metrics the services define: a metric
 * renamed in code must not leave a panel silently empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const dashboard = JSON.parse(fs.readFileSync(path.join(root, 'deploy/grafana/dpg-dashboard.json'), 'utf8'));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

it('names only dpg_ metrics that the code registers, and covers each group an SRE alerts on', () => {
  const expressions: string[] = dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) => (p.targets ?? []).map((t) => t.expr));
  const used = new Set(expressions.flatMap((e) => [...e.matchAll(/\b(dpg_[a-z_]+?)(?:_bucket|_count|_sum)?\b/g)].map((m) => m[1])));
  const code = ['gateway', 'subgraphs', 'schema-registry', 'platform'].flatMap((d) => sources(path.join(root, d))).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const missing = [...used].filter((name) => !code.includes(`'${name}'`));
  expect(missing).toEqual([]);
  for (const name of ['dpg_gateway_request_seconds', 'dpg_subgraph_fetch_seconds', 'dpg_subgraph_fetch_errors_total', 'dpg_graphql_errors_total', 'dpg_policy_denials_total', 'dpg_response_cache_requests_total', 'dpg_entity_cache_lookups_total', 'dpg_rate_limit_refusals_total', 'dpg_demand_control_refusals_total', 'dpg_registry_publishes_total', 'dpg_registry_checks_total', 'dpg_supergraph_info', 'dpg_policy_info']) {
    expect(used, name).toContain(name);
  }
  expect(expressions.some((e) => e.includes('process_cpu_seconds_total'))).toBe(true);
  expect(expressions.some((e) => e.includes('nodejs_eventloop_lag'))).toBe(true);
});
