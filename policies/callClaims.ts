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
  /**
   * When the gateway stops waiting for this call, in whole seconds since the
   * epoch (gateway/subgraphs/deadline.ts rounds it); the subgraph stops there too.
   */
  deadline?: number;
}

/** The claim naming the policy version. */
export const POLICY_VERSION_CLAIM = 'pv';
/** The claim carrying the call's deadline. */
export const DEADLINE_CLAIM = 'dl';

export const callClaims = (call: GatewayCall): Record<string, unknown> => ({
  ...claimsOf(call.principal),
  ...(call.policyVersion ? { [POLICY_VERSION_CLAIM]: call.policyVersion } : {}),
  ...(call.deadline !== undefined ? { [DEADLINE_CLAIM]: call.deadline } : {}),
});

export function callFromClaims(claims: Record<string, unknown>): GatewayCall {
  const version = claims[POLICY_VERSION_CLAIM];
  const deadline = claims[DEADLINE_CLAIM];
  return {
    principal: principalFromClaims(claims),
    ...(typeof version === 'string' && version ? { policyVersion: version } : {}),
    ...(typeof deadline === 'number' && Number.isFinite(deadline) ? { deadline } : {}),
  };
}
