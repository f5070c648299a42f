/**
 * Mints the identity token the gateway attaches to each subgraph call: the
 * caller's principal, signed with the gateway's key, for one subgraph only
 * (audience), valid for a minute. Tokens are reused for half their life, so a
 * busy principal costs one signature per subgraph every thirty seconds.
 */
import type { ServiceSigner } from '../../platform/tokens.ts';
import { claimsOf, type Principal } from '../../policies/principal.ts';

const TTL_SECONDS = 60;
const MAX_ENTRIES = 10_000;

/** The gateway acting for itself (e.g. writing audit events), not for a caller. */
export const GATEWAY_PRINCIPAL: Principal = { subject: 'gateway', roles: ['gateway'], scopes: [], attributes: {} };

export function identityMinter(signer: ServiceSigner) {
  const cache = new Map<string, { token: string; renewAt: number }>();
  return async function tokenFor(principal: Principal | undefined, subgraph: string): Promise<string> {
    const claims = claimsOf(principal ?? GATEWAY_PRINCIPAL);
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
