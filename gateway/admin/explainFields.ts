/**
 * `POST /explain/fields`: what the caller may see of each field they name,
 * and why — the decision, the mask, the rule and the rule's description —
 * plus the rows of those fields' types they see, under the live policy. It is
 * how the data-product portal shows every signed-in caller their own access.
 * Explaining someone else (`principal` in the body) is for the governance
 * and admin roles only, as at `/admin/explain`.
 *
 *   {"coordinates": ["Contact.email", "Opportunity.amount"]}
 */
import { HttpError, type HttpRequest } from '../../platform/http.ts';
import type { CompiledPolicy } from '../../policies/engine/compile.ts';
import { explainRows } from '../../policies/engine/explain.ts';
import type { PolicyHolder } from '../../policies/holder.ts';
import type { Principal } from '../../policies/principal.ts';
import { authenticate, type IdentityOptions } from '../identity/plugin.ts';
import type { SupergraphRuntime } from '../supergraph/runtime.ts';
import { EXPLAIN_ROLES } from './explain.ts';

/** More than any catalog has fields, few enough that one request stays cheap. */
export const MAX_COORDINATES = 5000;

const COORDINATE = /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/;

const DEFAULT_REASONS: Record<string, string> = {
  'default-deny': 'No grant lets you read this field, and access is denied by default.',
  'no-valid-policy': 'No valid policy is loaded, so everything is denied.',
};

/** Each rule's description, by id, as the governance team wrote it. */
function reasons(policy: CompiledPolicy): Map<string, string> {
  const { grants, forbids, tagRules, filters } = policy.rules;
  const all = [...grants, ...forbids, ...tagRules.values(), ...filters].map((l) => l.rule);
  return new Map(all.filter((r) => r.description).map((r) => [r.id, r.description!]));
}

const strings = (v: unknown, what: string): string[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new HttpError(400, `"principal.${what}" must be a list of strings`);
  return v;
};

function principalFrom(body: unknown): Principal {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, '"principal" must be an object with subject, roles, scopes and attributes');
  const p = body as Record<string, unknown>;
  const attributes = p.attributes ?? {};
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes) || Object.values(attributes).some((v) => typeof v !== 'string')) {
    throw new HttpError(400, '"principal.attributes" must map names to strings');
  }
  return { subject: String(p.subject ?? 'explained'), roles: strings(p.roles, 'roles'), scopes: strings(p.scopes, 'scopes'), attributes: attributes as Record<string, string> };
}

function coordinatesFrom(body: Record<string, unknown>): string[] {
  const list = body.coordinates;
  if (!Array.isArray(list)) throw new HttpError(400, 'body must be JSON with "coordinates": a list of Type.field');
  if (list.length > MAX_COORDINATES) throw new HttpError(400, `at most ${MAX_COORDINATES} coordinates per request`);
  const bad = list.find((c) => typeof c !== 'string' || !COORDINATE.test(c));
  if (bad !== undefined) throw new HttpError(400, `${JSON.stringify(bad)} is not a field coordinate like Contact.email`);
  return [...new Set(list as string[])];
}

export function explainFieldsRoute(deps: { runtime: SupergraphRuntime; policy: PolicyHolder; identity: Omit<IdentityOptions, 'policy'> }) {
  return async (req: HttpRequest) => {
    const { principal: caller } = await authenticate(req.headers, deps.identity);
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'body must be JSON with "coordinates": a list of Type.field');
    const coordinates = coordinatesFrom(body as Record<string, unknown>);
    const asked = (body as Record<string, unknown>).principal;
    if (asked !== undefined && !caller.roles.some((r) => EXPLAIN_ROLES.includes(r))) {
      throw new HttpError(403, `explaining another principal is for the ${EXPLAIN_ROLES.join(' or ')} role; leave "principal" out to explain your own access`);
    }
    const principal = asked === undefined ? caller : principalFrom(asked);
    const policy = deps.policy.current;
    if (!policy) throw new HttpError(503, 'no valid policy loaded yet');

    const why = reasons(policy);
    const decisions = coordinates.map((coordinate) => {
      const d = policy.decide(principal, coordinate);
      return { coordinate, decision: d.effect, mask: d.mask, rule: d.rule, reason: why.get(d.rule) ?? DEFAULT_REASONS[d.rule] ?? '' };
    });
    // Rows belong to entity and result types; the root types have none.
    const schema = deps.runtime.current?.apiSchema;
    const roots = new Set([schema?.getQueryType(), schema?.getMutationType(), schema?.getSubscriptionType()].map((t) => t?.name ?? 'Query'));
    const types = new Set(coordinates.map((c) => c.split('.')[0]).filter((t) => policy.facts.types.has(t) && !roots.has(t)));
    return {
      headers: { 'cache-control': 'private, no-store' },
      body: { policyVersion: policy.version, principal, decisions, rows: explainRows(policy, principal, types) },
    };
  };
}
