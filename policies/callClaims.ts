/**
 * What the gateway's identity token carries to a subgraph, in one place for
 * both ends (the gateway mints it, the kit reads it; platform/tokens.ts signs
 * and verifies): the caller's principal, and the version of the policy the
 * request was decided under, which the subgraph must enforce too.
 */
import { claimsOf, principalFromClaims, type Principal } from './principal.ts';

/** One request as a subgraph is told about it. */
export interface GatewayCall {
  principal: Principal;
  /** Absent when the gateway had no valid policy, or acts for itself (audit delivery). */
  policyVersion?: string;
}

/** The claim naming the policy version. */
export const POLICY_VERSION_CLAIM = 'pv';

export const callClaims = (call: GatewayCall): Record<string, unknown> => ({
  ...claimsOf(call.principal),
  ...(call.policyVersion ? { [POLICY_VERSION_CLAIM]: call.policyVersion } : {}),
});

export function callFromClaims(claims: Record<string, unknown>): GatewayCall {
  const version = claims[POLICY_VERSION_CLAIM];
  return { principal: principalFromClaims(claims), ...(typeof version === 'string' && version ? { policyVersion: version } : {}) };
}
