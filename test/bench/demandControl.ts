/**
 * What demand control costs: the same operation through two gateways that
 * differ only in DEMAND_CONTROL (enforce, the default, against off), both
 * with caches off, measured in alternating rounds so both see the same
 * machine; and, in this process, what the limits plugin adds to one request
 * — measuring an operation it has not seen (it remembers each operation and
 * page sizes), and a request for one it has.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { composeServices } from '@apollo/composition';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { costModelFromSupergraph } from '../../gateway/limits/costModel.ts';
import { measureOperation } from '../../gateway/limits/measure.ts';
import { limitsPlugin } from '../../gateway/limits/plugin.ts';
import { rateLimiter } from '../../gateway/limits/rates.ts';
import { limitSettings } from '../../gateway/limits/settings.ts';
import type { RequestHooks, RequestState } from '../../gateway/pipeline/plugin.ts';
import { readConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/log.ts';
import { createMetrics } from '../../platform/metrics.ts';
import { BENCH_PRINCIPAL } from './auth.ts';
import { load, type LoadResult } from './load.ts';
import type { Operation } from './operations.ts';

export interface DemandControlCost {
  operation: string;
  rounds: number;
  on: { rps: number; p50: number };
  off: { rps: number; p50: number };
  /** Requests per second with demand control on, as a share of off (1.00 = no cost). */
  ratio: number;
  /** Measuring the operation once, uncached, in microseconds. */
  measureMicros: number;
  /** The limits plugin's whole share of one request for an operation it has measured before, in microseconds. */
  pluginMicros: number;
  cost: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measureInProcess(op: Operation, iterations: number): Promise<{ micros: number; pluginMicros: number; cost: number }> {
  const names = fs.readdirSync('subgraphs', { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'kit').map((d) => d.name);
  const composed = composeServices(names.map((n) => ({ name: n, url: `http://${n}`, typeDefs: parse(fs.readFileSync(`subgraphs/${n}/schema.graphql`, 'utf8')) })));
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  const schema = composed.schema.toAPISchema().toGraphQLJSSchema();
  const model = costModelFromSupergraph(composed.supergraphSdl);
  const document = parse(op.query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const run = () => measureOperation({ schema, model, document, operation, variables: op.variables ?? {}, assumedListSize: 50 });
  for (let i = 0; i < iterations; i++) run(); // warm-up
  const started = performance.now();
  let cost = 0;
  for (let i = 0; i < iterations; i++) cost = run().cost;
  const micros = ((performance.now() - started) * 1000) / iterations;

  // The plugin as the gateway runs it, default settings, no policy limits.
  const plugin = limitsPlugin({
    config: readConfig(limitSettings, {}),
    rates: rateLimiter({ keyPrefix: 'bench', logger: createLogger('bench', 'silent') }),
    metrics: createMetrics('bench'),
  });
  const supergraph = { apiSchema: schema, sdl: composed.supergraphSdl, hash: 'bench' };
  const request = async () => {
    const state = { supergraph, document, operation, queryHash: 'q', params: { query: op.query, variables: op.variables ?? {}, extensions: {} }, principal: BENCH_PRINCIPAL, headers: {} } as unknown as RequestState;
    const hooks = (await plugin.onRequest(state)) as RequestHooks;
    await hooks.onOperation?.();
  };
  for (let i = 0; i < iterations; i++) await request();
  const pluginStarted = performance.now();
  for (let i = 0; i < iterations; i++) await request();
  return { micros, pluginMicros: ((performance.now() - pluginStarted) * 1000) / iterations, cost };
}

export async function measureDemandControl(urls: { on: string; off: string }, op: Operation, headers: Record<string, string>, options: { rounds: number; durationS: number; connections: number }): Promise<DemandControlCost> {
  const runs: Record<'on' | 'off', LoadResult[]> = { on: [], off: [] };
  // Both warmed alike first (plans made, code compiled): the gateway with limits on has served the main runs already, the other nothing.
  for (const side of ['off', 'on'] as const) await load(urls[side], op, headers, { connections: options.connections, durationS: options.durationS });
  for (let i = 0; i < options.rounds; i++) {
    // Alternate which goes first, so neither always gets the warmer machine.
    for (const side of i % 2 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      const r = await load(urls[side], op, headers, { connections: options.connections, durationS: options.durationS });
      if (r.non2xx || r.errors) throw new Error(`demand control ${side}: ${r.non2xx} non-2xx answers and ${r.errors} errors for ${op.id}`);
      runs[side].push(r);
    }
  }
  const summary = (rs: LoadResult[]) => ({ rps: median(rs.map((r) => r.rps)), p50: median(rs.map((r) => r.p50)) });
  const on = summary(runs.on);
  const off = summary(runs.off);
  const inProcess = await measureInProcess(op, 2000);
  return { operation: op.id, rounds: options.rounds, on, off, ratio: on.rps / off.rps, measureMicros: inProcess.micros, pluginMicros: inProcess.pluginMicros, cost: inProcess.cost };
}
