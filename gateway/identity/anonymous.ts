/**
 * The principal of callers who send no credential at all, for public
 * graphs (ANONYMOUS_ROLE). It is a principal like any other, decided by the
 * policy through its role; its empty subject marks it as anonymous, so grants
 * written for "every signed-in caller" (`to: {}`) do not reach it
 * (policies/engine/match.ts) and no token can pass for it.
 */
import { ANONYMOUS_SUBJECT, type Principal } from '../../policies/principal.ts';

export function anonymousPrincipal(role: string | undefined): Principal | undefined {
  return role ? { subject: ANONYMOUS_SUBJECT, roles: [role], scopes: [], attributes: {} } : undefined;
}
