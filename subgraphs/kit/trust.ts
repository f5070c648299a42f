/**
 * Whom a subgraph believes. Normally only the gateway: its identity token,
 * checked against its public key — fetched from GATEWAY_JWKS_URL, or read
 * from GATEWAY_JWKS_FILE where the subgraph cannot reach the gateway (an
 * air-gapped deployment, a CI job, a key handed out with the deployment).
 *
 * SUBGRAPH_TRUST=development lets a domain team point standard federation
 * tooling (rover, Apollo Sandbox, the Router) at its own subgraph: a call
 * without any Authorization header is answered as a configured test
 * principal, under the policy like any other call. A call that does carry a
 * token is still verified. It is a development default (platform/safety.ts):
 * warned about loudly, and refused at start with DPG_ENV=production.
 */
import fs from 'node:fs';
import type { JWK } from 'jose';
import { ConfigError } from '../../platform/config.ts';
import type { Logger } from '../../platform/log.ts';
import type { DevelopmentDefault } from '../../platform/safety.ts';
import { serviceVerifier, type ServiceVerifier } from '../../platform/tokens.ts';
import type { GatewayCall } from '../../policies/callClaims.ts';
import { principalFromClaims, type Principal } from '../../policies/principal.ts';
import type { SubgraphConfig } from './config.ts';

type TrustConfig = Pick<SubgraphConfig, 'gatewayJwksFile' | 'gatewayJwksUrl' | 'gatewayUrl' | 'trust' | 'testPrincipal'>;

/** Verifies the gateway's identity tokens against its key set: the file when configured, else the URL. */
export function gatewayVerifier(config: TrustConfig): ServiceVerifier {
  if (!config.gatewayJwksFile) return serviceVerifier({ jwksUrl: config.gatewayJwksUrl ?? `${config.gatewayUrl}/.well-known/jwks.json` });
  let jwks: { keys: JWK[] };
  try {
    jwks = JSON.parse(fs.readFileSync(config.gatewayJwksFile, 'utf8'));
  } catch (err) {
    throw new ConfigError([`GATEWAY_JWKS_FILE ${config.gatewayJwksFile} cannot be read as JSON: ${(err as Error).message}`]);
  }
  if (!Array.isArray(jwks?.keys) || jwks.keys.length === 0) throw new ConfigError([`GATEWAY_JWKS_FILE ${config.gatewayJwksFile} holds no "keys": it must be the gateway's /.well-known/jwks.json`]);
  return serviceVerifier({ jwks });
}

/** The principal direct calls are answered as under SUBGRAPH_TRUST=development. */
export function testPrincipal(config: Pick<SubgraphConfig, 'testPrincipal'>): Principal {
  let claims: unknown;
  try {
    claims = JSON.parse(config.testPrincipal);
  } catch (err) {
    throw new ConfigError([`SUBGRAPH_TEST_PRINCIPAL must be JSON claims like {"sub":"dev","roles":["analyst"]}: ${(err as Error).message}`]);
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new ConfigError(['SUBGRAPH_TEST_PRINCIPAL must be a JSON object of claims (sub, roles, scopes, attrs)']);
  return principalFromClaims(claims as Record<string, unknown>);
}

/** SUBGRAPH_TRUST=development in force, as a development default (refused in production). */
export const trustDevelopmentDefaults = (config: Pick<SubgraphConfig, 'trust'>): DevelopmentDefault[] =>
  config.trust === 'development' ? [{ setting: 'SUBGRAPH_TRUST', problem: 'is development: calls without a gateway token are answered as SUBGRAPH_TEST_PRINCIPAL' }] : [];

type CallOf = (authorization: string | string[] | undefined) => Promise<GatewayCall>;

/** `callOf` as configured: gateway tokens only, or also direct calls as the test principal (development). */
export function trustedCalls(callOf: CallOf, config: TrustConfig, subgraph: string, logger: Logger): CallOf {
  if (config.trust !== 'development') return callOf;
  const principal = testPrincipal(config);
  logger.warn(
    { subgraph, principal },
    `SUBGRAPH_TRUST=development: subgraph "${subgraph}" answers calls WITHOUT a gateway token as test principal "${principal.subject}" (roles: ${principal.roles.join(', ') || 'none'}). Never expose it; DPG_ENV=production refuses this setting.`,
  );
  return async (authorization) => (authorization === undefined ? { principal } : callOf(authorization));
}
