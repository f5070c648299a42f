/**
 * A subgraph's share of governance: its policy (followed live, checked
 * against the supergraph like every other service's), its schema wrapped
 * with enforcement, and, per request, the policy version the gateway named,
 * the principal's decisions, row guard and audit trail.
 */
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../../platform/log.ts';
import { serviceVerifier } from '../../platform/tokens.ts';
import { all } from '../../policies/engine/conditions.ts';
import { applyMask } from '../../policies/engine/masks.ts';
import { factsFromSubgraph } from '../../policies/engine/schemaFacts.ts';
import type { Decision } from '../../policies/engine/types.ts';
import type { CompiledPolicy } from '../../policies/engine/compile.ts';
import { enforce } from '../../policies/enforce/subgraphSchema.ts';
import { fileSupergraph, folderPolicy, PolicyHolder, registryPolicy, registrySupergraph } from '../../policies/holder.ts';
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
    source: config.policySource === 'registry' ? registryPolicy(config.registryUrl) : folderPolicy(config.policyDir),
    intervalMs: config.policyPollMs,
    logger,
    supergraph: { feed: config.supergraphFile ? fileSupergraph(config.supergraphFile) : registrySupergraph(config.registryUrl), member: name },
  });
  // Until a supergraph with this subgraph in it is known, the policy is
  // checked against this subgraph's own schema: it serves, but is not ready.
  policy.setFacts(facts, { kind: 'own-schema', subgraph: name });
  await policy.start();
  const verify = serviceVerifier({ jwksUrl: config.gatewayJwksUrl ?? `${config.gatewayUrl}/.well-known/jwks.json` });

  return {
    policy,
    schema: enforce(schema, facts, (strategy, value) => applyMask(strategy, value, config.maskHashKey)),
    callOf: gatewayIdentity(verify, name),
    /**
     * The compiled policy a request is enforced under: the version the
     * gateway decided it with (looked for at once if not held yet), or the
     * current one when the token names none.
     */
    async policyFor(version: string | undefined): Promise<{ compiled?: CompiledPolicy } | { unavailable: string }> {
      if (version === undefined) return { compiled: policy.current };
      const compiled = await policy.obtain(version);
      if (compiled) return { compiled };
      // Callers learn which version and why in a word; the problems themselves are for operators, in /ready.
      const { rejected, kept } = policy.status();
      const why = rejected?.version === version ? 'it does not validate there (its /ready lists the problems)' : `it holds ${kept.length ? kept.join(', ') : 'no valid version'}`;
      return { unavailable: `subgraph "${name}" cannot enforce policy version ${version}: ${why}` };
    },
    /** Decisions, row guard and audit collection for one request, under one compiled policy. */
    forRequest(principal: Principal, compiled: CompiledPolicy | undefined = policy.current) {
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
