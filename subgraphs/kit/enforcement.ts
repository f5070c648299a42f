/**
 * A subgraph's share of governance: its policy (followed live, checked
 * against its own schema), its schema wrapped with enforcement, and, per
 * request, the principal's decisions, row guard and audit trail.
 */
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../../platform/log.ts';
import { serviceVerifier } from '../../platform/tokens.ts';
import { all } from '../../policies/engine/conditions.ts';
import { applyMask } from '../../policies/engine/masks.ts';
import { factsFromSubgraph } from '../../policies/engine/schemaFacts.ts';
import type { Decision } from '../../policies/engine/types.ts';
import { enforce } from '../../policies/enforce/subgraphSchema.ts';
import { folderPolicy, PolicyHolder, registryPolicy } from '../../policies/holder.ts';
import type { Principal } from '../../policies/principal.ts';
import type { SubgraphConfig } from './config.ts';
import { conditionSql } from './guard.ts';
import { gatewayIdentity } from './identity.ts';
import type { RowGuard } from './loaders.ts';

const NO_POLICY: Decision = { effect: 'deny', mask: null, rule: 'no-valid-policy' };

/** What the gateway records in the audit trail: denials, and reads of personal data in clear. */
export interface AuditRecord {
  coordinate: string;
  decision: Decision['effect'];
  rule: string;
}

export async function subgraphEnforcement(name: string, sdl: string, schema: GraphQLSchema, config: SubgraphConfig, logger: Logger) {
  const facts = factsFromSubgraph(name, sdl);
  const policy = new PolicyHolder({
    fetch: config.policySource === 'registry' ? registryPolicy(config.registryUrl) : folderPolicy(config.policyDir),
    intervalMs: config.policyPollMs,
    complete: false,
    logger,
  });
  policy.setFacts(facts);
  await policy.start();
  const verify = serviceVerifier({ jwksUrl: config.gatewayJwksUrl ?? `${config.gatewayUrl}/.well-known/jwks.json` });

  return {
    policy,
    schema: enforce(schema, facts, (strategy, value) => applyMask(strategy, value, config.maskHashKey)),
    principalOf: gatewayIdentity(verify, name),

    /** Decisions, row guard and audit collection for one request. */
    forRequest(principal: Principal) {
      const compiled = policy.current;
      const audit = new Map<string, AuditRecord>();
      // Masking asks once per resolved value; each coordinate is decided once per request.
      const decisions = new Map<string, Decision>();
      const decide = (coordinate: string): Decision => {
        let d = decisions.get(coordinate);
        if (!d) {
          decisions.set(coordinate, (d = compiled ? compiled.decide(principal, coordinate) : NO_POLICY));
          if (d.effect === 'deny') audit.set(coordinate, { coordinate, decision: 'deny', rule: d.rule });
        }
        return d;
      };
      const guard: RowGuard = (t) => conditionSql(compiled ? compiled.rows(principal, t.type, name).condition : all([{ kind: 'false' }]), t);
      const onRead = (coordinate: string, d: Decision) => {
        if (d.effect === 'allow' && facts.field(coordinate)?.tags.includes('pii') && !audit.has(coordinate)) audit.set(coordinate, { coordinate, decision: 'allow', rule: d.rule });
      };
      return { decide, guard, onRead, audit: () => [...audit.values()] };
    },
  };
}
