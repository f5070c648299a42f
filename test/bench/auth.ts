/**
 * Who the benchmark is: the Authorization header every variant receives. The
 * gateways under test verify it as they would any caller's; the plain Apollo
 * baseline ignores it. One place to adapt when identity changes (another
 * token kind, an API key header).
 */
import { mintDevToken } from '../../gateway/identity/devTokens.ts';
import type { Principal } from '../../policies/principal.ts';

/** An executive with clear PII: every product and every row, so all variants return the same data. */
export const BENCH_PRINCIPAL: Principal = { subject: 'bench', roles: ['exec'], scopes: ['pii:read'], attributes: {} };

export async function authHeaders(jwtSecret: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await mintDevToken(jwtSecret, BENCH_PRINCIPAL, { ttl: '2h' })}` };
}
