/**
 * `POST /admin/explain`: for the governance team, every field's decision and
 * rule and the rows each type shows, for the caller — or, given a
 * `principal`, for anyone — against the live supergraph and policy.
 */
import { parse } from 'graphql';
import { HttpError, type HttpRequest } from '../../platform/http.ts';
import { explainOperation } from '../../policies/engine/explain.ts';
import type { PolicyHolder } from '../../policies/holder.ts';
import type { Principal } from '../../policies/principal.ts';
import { authenticate, type IdentityOptions } from '../identity/plugin.ts';
import type { SupergraphRuntime } from '../supergraph/runtime.ts';

export const EXPLAIN_ROLES = ['governance', 'admin'];

export function explainRoute(deps: { runtime: SupergraphRuntime; policy: PolicyHolder; identity: Omit<IdentityOptions, 'policy'> }) {
  return async (req: HttpRequest) => {
    const { principal: caller } = await authenticate(req.headers, deps.identity);
    if (!caller.roles.some((r) => EXPLAIN_ROLES.includes(r))) throw new HttpError(403, `explain is for the ${EXPLAIN_ROLES.join(' or ')} role`);
    const body = (req.body ?? {}) as { query?: unknown; operationName?: unknown; principal?: Partial<Principal> };
    if (typeof body.query !== 'string') throw new HttpError(400, 'body must be JSON with a "query" string');
    const supergraph = deps.runtime.current;
    const policy = deps.policy.current;
    if (!supergraph || !policy) throw new HttpError(503, 'no supergraph or policy loaded yet');
    const p = body.principal;
    const principal: Principal = p ? { subject: String(p.subject ?? 'explained'), roles: p.roles ?? [], scopes: p.scopes ?? [], attributes: p.attributes ?? {} } : caller;
    let document;
    try {
      document = parse(body.query);
    } catch (err) {
      throw new HttpError(400, `query does not parse: ${(err as Error).message}`);
    }
    try {
      return { body: explainOperation(policy, supergraph.apiSchema, document, principal, typeof body.operationName === 'string' ? body.operationName : undefined) };
    } catch (err) {
      throw new HttpError(400, (err as Error).message);
    }
  };
}
