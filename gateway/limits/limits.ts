/**
 * Which limits apply to a caller, and whether a measured operation keeps to
 * them. The configured limits hold for callers no `limits:` rule of the
 * policy matches; where rules match, each limit is the most generous value
 * any of them gives (a rate of 0 is no limit), and a limit none of them gives
 * keeps its configured value. Pure.
 */
import { matches } from '../../policies/engine/match.ts';
import { LIMIT_KEYS, type LimitKey, type LimitRule } from '../../policies/engine/types.ts';
import type { Principal } from '../../policies/principal.ts';
import type { Measurement } from './measure.ts';

export type Limits = Record<LimitKey, number>;

const RATES: readonly LimitKey[] = ['requestsPerSecond', 'costPerMinute'];

const generous = (key: LimitKey, values: number[]) => (RATES.includes(key) && values.includes(0) ? 0 : Math.max(...values));

export function limitsFor(defaults: Limits, rules: readonly LimitRule[], principal: Principal): { limits: Limits; rules: string[] } {
  const matching = rules.filter((r) => matches(principal, r.to));
  const limits = { ...defaults };
  for (const key of LIMIT_KEYS) {
    const values = matching.map((r) => r[key]).filter((v): v is number => v !== undefined);
    if (values.length) limits[key] = generous(key, values);
  }
  return { limits, rules: matching.map((r) => r.id) };
}

export interface Refusal {
  code: string;
  message: string;
  measured: number;
  allowed: number;
}

/** The checks in the order they are reported: the cheap structural ones first, then the cost. */
const CHECKS: readonly { key: keyof Measurement & LimitKey; code: string; what: string }[] = [
  { key: 'depth', code: 'DEPTH_LIMIT', what: 'nests fields {measured} levels deep; at most {allowed} are allowed' },
  { key: 'aliases', code: 'ALIAS_LIMIT', what: 'uses {measured} aliases; at most {allowed} are allowed' },
  { key: 'rootFields', code: 'ROOT_FIELD_LIMIT', what: 'asks for {measured} root fields; at most {allowed} are allowed' },
  { key: 'directives', code: 'DIRECTIVE_LIMIT', what: 'uses {measured} directives; at most {allowed} are allowed' },
  { key: 'cost', code: 'COST_LIMIT', what: 'has an estimated cost of {measured}; at most {allowed} is allowed (ask for smaller pages with `first`, or fewer nested lists)' },
];

export function refusal(m: Measurement, limits: Limits): Refusal | undefined {
  for (const c of CHECKS) {
    if (m[c.key] > limits[c.key]) {
      const message = `the operation ${c.what.replace('{measured}', String(m[c.key])).replace('{allowed}', String(limits[c.key]))}`;
      return { code: c.code, message, measured: m[c.key], allowed: limits[c.key] };
    }
  }
  return undefined;
}

/** For batched requests: refused as a whole when they hold more operations than the caller's limit. */
export function batchRefusal(size: number, limits: Limits): Refusal | undefined {
  if (size <= limits.batchSize) return undefined;
  return { code: 'BATCH_LIMIT', message: `the batch holds ${size} operations; at most ${limits.batchSize} are allowed`, measured: size, allowed: limits.batchSize };
}
