/**
 * Mints the identity token the gateway attaches to each subgraph call: the
 * caller's principal and the policy version the request is decided under
 * (policies/callClaims.ts), signed with the gateway's key, for one subgraph
 * only (audience), valid for a minute, with the call's deadline (whole
 * seconds, deadline.ts). Tokens are reused for half their life while the
 * deadline second is the same, so a busy principal costs at most one
 * signature per subgraph, policy version and second.
 */
import type { ServiceSigner } from '../../platform/tokens.ts';
import { callClaims, DEADLINE_CLAIM } from '../../policies/callClaims.ts';
import type { Principal } from '../../policies/principal.ts';
import type { SubgraphCall } from './call.ts';

const TTL_SECONDS = 60;
const MAX_ENTRIES = 10_000;

/** The gateway acting for itself (e.g. writing audit events), not for a caller. */
export const GATEWAY_PRINCIPAL: Principal = { subject: 'gateway', roles: ['gateway'], scopes: [], attributes: {} };

export function identityMinter(signer: ServiceSigner) {
  const cache = new Map<string, { token: string; renewAt: number; deadline?: number }>();
  /** `deadline`: when the gateway stops waiting for the call, in whole seconds (deadline.ts). */
  return async function tokenFor(call: Pick<SubgraphCall, 'principal' | 'policyVersion'>, subgraph: string, deadline?: number): Promise<string> {
    // The key is everything the token says but the deadline, which replaces
    // the entry when it moves on (one entry per principal, not per second).
    const claims = callClaims({ principal: call.principal ?? GATEWAY_PRINCIPAL, policyVersion: call.policyVersion });
    const key = `${subgraph}\u0000${JSON.stringify(claims)}`;
    const hit = cache.get(key);
    if (hit && hit.renewAt > Date.now() && hit.deadline === deadline) return hit.token;
    const token = await signer.sign(deadline === undefined ? claims : { ...claims, [DEADLINE_CLAIM]: deadline }, subgraph, TTL_SECONDS);
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, { token, renewAt: Date.now() + (TTL_SECONDS * 1000) / 2, deadline });
    return token;
  };
}

export type IdentityMinter = ReturnType<typeof identityMinter>;
