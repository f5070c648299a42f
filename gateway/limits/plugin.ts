/**
 * Demand control and rate limits, as the gateway plugin that runs right
 * after identity:
 *
 *   onRequest    which limits apply to this caller (configuration, raised or
 *                lowered by the `limits:` rules of the policy the request is
 *                decided under); one request taken
 *                from its requests-per-second budget, or 429;
 *   onOperation  the parsed operation measured (before authorization and
 *                planning) and refused with 400 over a limit, in `enforce`
 *                mode; its cost taken from the caller's cost-per-minute
 *                budget, or 429;
 *   onResult     in `measure` mode, the figures in `extensions.cost`.
 *
 * Measurements are remembered per supergraph, operation and the values of
 * the variables that set list sizes, so a dashboard's repeated query is
 * measured once.
 */
import { HttpError } from '../../platform/http.ts';
import { Memo } from '../../platform/memo.ts';
import { counter, type Metrics } from '../../platform/metrics.ts';
import type { ConfigOf } from '../../platform/config.ts';
import type { GatewayPlugin, RequestState } from '../pipeline/plugin.ts';
import type { SupergraphSnapshot } from '../supergraph/runtime.ts';
import { costModelFromSupergraph, type CostModel } from './costModel.ts';
import { batchRefusal, limitsFor, refusal, type Limits } from './limits.ts';
import { measureOperation, type Measurement } from './measure.ts';
import { RATE_KINDS, type RateKind, type RateLimiter, type RateOutcome } from './rates.ts';
import type { limitSettings } from './settings.ts';

const MAX_OPERATIONS = 2000;

export interface LimitsPluginOptions {
  config: ConfigOf<typeof limitSettings>;
  rates: RateLimiter;
  metrics: Metrics;
}

export function limitsPlugin({ config, rates, metrics }: LimitsPluginOptions): GatewayPlugin {
  const refusals = counter(metrics, 'dpg_demand_control_refusals_total', 'Operations refused before planning, by extensions.code', ['code']);
  const rateRefusals = counter(metrics, 'dpg_rate_limit_refusals_total', 'Requests refused with 429, by the limit they reached', ['limit']);
  const defaults: Limits = {
    cost: config.maxCost,
    depth: config.maxDepth,
    aliases: config.maxAliases,
    rootFields: config.maxRootFields,
    directives: config.maxDirectives,
    batchSize: config.maxBatchSize,
    requestsPerSecond: config.requestsPerSecond,
    costPerMinute: config.costPerMinute,
  };

  let model: { hash: string; model: CostModel } | undefined;
  const modelOf = (s: SupergraphSnapshot) => (model?.hash === s.hash ? model.model : (model = { hash: s.hash, model: costModelFromSupergraph(s.sdl) }).model);
  // Which variables set list sizes, per operation; then the measurement per their values.
  const sizeVariables = new Memo<string[]>(MAX_OPERATIONS);
  const measurements = new Memo<Measurement>(MAX_OPERATIONS);

  function measure(state: RequestState): Measurement {
    const run = () =>
      measureOperation({ schema: state.supergraph.apiSchema, model: modelOf(state.supergraph), document: state.document!, operation: state.operation!, variables: state.params.variables, assumedListSize: config.assumedListSize });
    const operation = `${state.supergraph.hash}|${state.queryHash}|${state.params.operationName ?? ''}`;
    let fresh: Measurement | undefined;
    const names = sizeVariables.get(operation, () => (fresh = run()).sizeVariables);
    // Only numbers size lists; anything else a caller sends there must not grow the key.
    const values = names.map((n) => (typeof state.params.variables[n] === 'number' ? state.params.variables[n] : '-'));
    return measurements.get(`${operation}|${values.join(',')}`, () => fresh ?? run());
  }

  async function take(kind: RateKind, state: RequestState, points: number, quota: number, taken: RateOutcome[]) {
    const outcome = await rates.consume(kind, state.principal!.subject, points, quota);
    taken.push(outcome);
    const headers = { 'ratelimit-policy': taken.map((t) => t.policy).join(', '), ratelimit: taken.map((t) => t.state).join(', ') };
    if (outcome.allowed) return void Object.assign(state.headers, headers);
    const limit = RATE_KINDS[kind].limit;
    rateRefusals.inc({ limit });
    const what = kind === 'requests' ? `${quota} requests per second` : points > quota ? `a cost of ${quota} per minute, and this operation alone costs ${points}` : `a cost of ${quota} per minute`;
    throw new HttpError(429, `rate limit reached: you may send ${what}; retry in ${outcome.resetSeconds} s`, { code: 'RATE_LIMITED', limit, allowed: quota, retryAfter: outcome.resetSeconds }, { ...headers, 'retry-after': String(outcome.resetSeconds) });
  }

  return {
    name: 'limits',
    async onRequest(state) {
      // Under the policy the request is pinned to (identity), like every other decision about it.
      const { limits } = limitsFor(defaults, state.policy?.rules.limits.map((l) => l.rule) ?? [], state.principal!);
      // A batch over the caller's size is refused before any of its operations runs (gateway/http/batch.ts).
      const batch = state.batchSize === undefined ? undefined : batchRefusal(state.batchSize, limits);
      if (batch) {
        refusals.inc({ code: batch.code });
        throw new HttpError(400, batch.message, { code: batch.code, measured: batch.measured, allowed: batch.allowed });
      }
      const taken: RateOutcome[] = [];
      if (limits.requestsPerSecond > 0) await take('requests', state, 1, limits.requestsPerSecond, taken);
      if (config.demandControl === 'off' && limits.costPerMinute === 0) return;

      let measured: Measurement | undefined;
      return {
        async onOperation() {
          measured = measure(state);
          state.cost = measured.cost;
          if (config.demandControl === 'enforce') {
            const refused = refusal(measured, limits);
            if (refused) {
              refusals.inc({ code: refused.code });
              throw new HttpError(400, refused.message, { code: refused.code, measured: refused.measured, allowed: refused.allowed });
            }
          }
          if (limits.costPerMinute > 0 && measured.cost > 0) await take('cost', state, measured.cost, limits.costPerMinute, taken);
        },
        onResult(result) {
          if (config.demandControl !== 'measure' || !measured) return;
          const { sizeVariables: _, ...figures } = measured;
          result.extensions = { ...result.extensions, cost: { mode: 'measure', ...figures, limits: { cost: limits.cost, depth: limits.depth, aliases: limits.aliases, rootFields: limits.rootFields, directives: limits.directives } } };
        },
      };
    },
  };
}
