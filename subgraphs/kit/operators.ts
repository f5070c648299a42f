/**
 * Who may operate a subgraph: call its control routes (`POST /invalidate`,
 * a domain's own such as analytics' `POST /refresh`), which change what every
 * caller is served. `Authorization: Bearer <credential>`, one of:
 *
 *   - a registry token that may write this subgraph: its owning team's, or
 *     a governance or admin token (the token a team's CI already publishes
 *     with). The registry decides (`GET /subgraphs/<name>/access`); a yes is
 *     remembered for a minute per token, a no for ten seconds (so junk
 *     credentials cannot turn into a flood of registry lookups).
 *   - an identity token the gateway signed for this subgraph whose principal
 *     holds the `dpg:admin` scope (services inside the mesh that act
 *     through the gateway's key).
 *
 * No credential is 401; a credential that is not one is 401; a valid one
 * without the right is 403. When the registry cannot be asked, 503.
 */
import { createHash } from 'node:crypto';
import { HttpError, type HttpRequest } from '../../platform/http.ts';
import type { Principal } from '../../policies/principal.ts';

const OPERATOR_SCOPE = 'dpg:admin';
const REMEMBER_YES_MS = 60_000;
const REMEMBER_NO_MS = 10_000;
const MAX_REMEMBERED = 1000;
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

type AuthorizeOperator = (req: HttpRequest) => Promise<void>;

export interface OperatorOptions {
  subgraph: string;
  registryUrl: string;
  /** Verifies a gateway identity token for this subgraph (throws 401). */
  principalOf: (authorization: string) => Promise<Principal>;
}

const challenge = { 'www-authenticate': 'Bearer realm="dpg-control"' };

export function operatorCheck({ subgraph, registryUrl, principalOf }: OperatorOptions): AuthorizeOperator {
  const answers = new Map<string, { until: number; refusal?: HttpError }>();
  const remember = (key: string, ms: number, refusal?: HttpError) => {
    if (answers.size >= MAX_REMEMBERED) answers.clear();
    answers.set(key, { until: Date.now() + ms, refusal });
    if (refusal) throw refusal;
  };

  async function registryAllows(token: string): Promise<void> {
    const key = createHash('sha256').update(token).digest('hex');
    const known = answers.get(key);
    if (known && known.until > Date.now()) {
      if (known.refusal) throw known.refusal;
      return;
    }
    let res: Response;
    try {
      res = await fetch(`${registryUrl}/subgraphs/${encodeURIComponent(subgraph)}/access`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
    } catch (err) {
      throw new HttpError(503, `cannot check the credential: the registry at ${registryUrl} is unreachable (${(err as Error).message})`, {}, { 'retry-after': '5' });
    }
    if (res.ok) return remember(key, REMEMBER_YES_MS);
    const body = (await res.json().catch(() => ({}))) as { errors?: { message?: string }[] };
    const reason = body.errors?.[0]?.message ?? `registry answered ${res.status}`;
    if (res.status === 401) return remember(key, REMEMBER_NO_MS, new HttpError(401, `the credential is not a registry token the registry knows: ${reason}`, {}, challenge));
    if (res.status === 403) return remember(key, REMEMBER_NO_MS, new HttpError(403, `this credential may not operate subgraph "${subgraph}": ${reason}`));
    throw new HttpError(503, `cannot check the credential: ${reason}`, {}, { 'retry-after': '5' });
  }

  return async function authorize(req) {
    const header = req.headers.authorization;
    const token = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    if (!token) {
      throw new HttpError(401, `operating subgraph "${subgraph}" needs a credential: "Authorization: Bearer <registry token of its owning team, or a gateway-signed token with scope ${OPERATOR_SCOPE}>"`, {}, challenge);
    }
    if (!JWT.test(token)) return registryAllows(token);
    const principal = await principalOf(`Bearer ${token}`);
    if (!principal.scopes.includes(OPERATOR_SCOPE)) throw new HttpError(403, `this gateway-signed token lacks the ${OPERATOR_SCOPE} scope needed to operate subgraph "${subgraph}"`);
  };
}
