/**
 * The first stage of every GraphQL request: who is calling. A bearer JWT or
 * an API key becomes the principal; no credential at all, the anonymous
 * principal when one is configured; anything else is answered with 401 and
 * the reason, before any parsing or planning happens.
 */
import { HttpError } from '../../platform/http.ts';
import type { PolicyHolder } from '../../policies/holder.ts';
import type { Principal } from '../../policies/principal.ts';
import type { GatewayPlugin } from '../pipeline/plugin.ts';
import type { ApiKeyMatch } from './apiKeys.ts';
import { AuthError } from './userTokens.ts';

export interface IdentityOptions {
  verifyToken: (token: string) => Promise<Principal>;
  lookupApiKey: (key: string) => ApiKeyMatch | undefined;
  /** Who a caller without any credential is (ANONYMOUS_ROLE); undefined: such a caller gets 401. */
  anonymous?: Principal;
  policy: PolicyHolder;
}

/** Who is calling, and with which API key when it was one. */
export interface Caller {
  principal: Principal;
  apiKeyId?: string;
}

const unauthorized = (reason: string) =>
  new HttpError(401, reason, { code: 'UNAUTHENTICATED' }, { 'www-authenticate': `Bearer error="invalid_token", error_description="${reason.replace(/"/g, "'")}"` });

export async function authenticate(headers: Record<string, string | string[] | undefined>, options: Omit<IdentityOptions, 'policy'>): Promise<Caller> {
  const authorization = headers.authorization;
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey) {
    const match = options.lookupApiKey(apiKey);
    if (!match) throw unauthorized('unknown API key');
    return { principal: match.principal, apiKeyId: match.id };
  }
  if (authorization === undefined && apiKey === undefined && options.anonymous) return { principal: options.anonymous };
  if (typeof authorization !== 'string' || !authorization) throw unauthorized('credentials required: send "Authorization: Bearer <token>" or "X-API-Key: <key>"');
  const [scheme, token] = authorization.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthorized('the Authorization header must be "Bearer <token>"');
  try {
    return { principal: await options.verifyToken(token) };
  } catch (err) {
    throw unauthorized(err instanceof AuthError ? err.message : 'token is invalid');
  }
}

export function identityPlugin(options: IdentityOptions): GatewayPlugin {
  return {
    name: 'identity',
    async onRequest(state) {
      const caller = await authenticate(state.http.headers, options);
      // One policy for the whole request, whatever reloads meanwhile: the
      // gateway decides with it and names its version to every subgraph.
      const policy = options.policy.current;
      state.principal = caller.principal;
      state.apiKeyId = caller.apiKeyId;
      state.policy = policy;
      state.policyVersion = policy?.version;
      state.fingerprint = policy?.fingerprint(caller.principal) ?? 'no-policy';
    },
  };
}
