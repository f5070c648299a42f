/**
 * Mints the identity token the gateway attaches to each subgraph call: the
 * caller's principal and the policy version the request is decided under
 * (policies/callClaims.ts), signed with the gateway's key, for one subgraph
 * only (audience), valid for a minute. Tokens are reused for half their
 * life, so a busy principal costs one signature per subgraph and policy
 * version every thirty seconds.
 */
import type { ServiceSigner } from '../../platform/tokens.ts';
import { callClaims } from '../../policies/callClaims.ts';
import type { Principal } from '../../policies/principal.ts';
import type { SubgraphCall } from './call.ts';

const TTL_SECONDS = 60;
const MAX_ENTRIES = 10_000;

/** The gateway acting for itself (e.g. writing audit events), not for a caller. */
export const GATEWAY_PRINCIPAL: Principal = { subject: 'gateway', roles: ['gateway'], scopes: [], attributes: {} };

export function identityMinter(signer: ServiceSigner) {
  const cache = new Map<string, { token: string; renewAt: number }>();
  return async function tokenFor(call: Pick<SubgraphCall, 'principal' | 'policyVersion'>, subgraph: string): Promise<string> {
    // The key is everything the token says, the policy version included.
    const claims = callClaims({ principal: call.principal ?? GATEWAY_PRINCIPAL, policyVersion: call.policyVersion });
    const key = `${subgraph}\u0000${JSON.stringify(claims)}`;
    const hit = cache.get(key);
    if (hit && hit.renewAt > Date.now()) return hit.token;
    const token = await signer.sign(claims, subgraph, TTL_SECONDS);
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, { token, renewAt: Date.now() + (TTL_SECONDS * 1000) / 2 });
    return token;
  };
}

export type IdentityMinter = ReturnType<typeof identityMinter>;
