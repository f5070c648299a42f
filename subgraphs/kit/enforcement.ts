/**
 * A subgraph's share of governance: its policy (followed live, checked
 * against the supergraph like every other service's), its schema wrapped
 * with enforcement, and, per request, the policy version the gateway named,
 * the principal's decisions (best case, per row, reads in clear), row access
 * and audit trail.
 */
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../../platform/log.ts';
import { FALSE } from '../../policies/engine/conditions.ts';
import { applyMask } from '../../policies/engine/masks.ts';
import { factsFromSubgraph } from '../../policies/engine/schemaFacts.ts';
import type { CompiledPolicy } from '../../policies/engine/compile.ts';
import type { Decision, Strategy } from '../../policies/engine/types.ts';
import type { TypeWays } from '../../policies/engine/ways.ts';
import { enforce, type EnforcementContext } from '../../policies/enforce/subgraphSchema.ts';
import { fileSupergraph, folderPolicy, PolicyHolder, registryPolicy, registrySupergraph } from '../../policies/holder.ts';
import type { Principal } from '../../policies/principal.ts';
import { requestAccess, type RowAccess } from './access.ts';
import type { SubgraphConfig } from './config.ts';
import { gatewayIdentity } from './identity.ts';
import { gatewayVerifier, trustedCalls } from './trust.ts';

const NO_POLICY: Decision = { effect: 'deny', mask: null, rule: 'no-valid-policy' };
const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

/** What one request may do here: its decisions and audit (for enforcement) and its row access (for the loaders). */
export interface RequestAccess extends Required<Pick<EnforcementContext, 'decide' | 'decideRead' | 'perRow' | 'decideRow' | 'onRead'>> {
  rows: RowAccess;
  /** The policy's ways into a type for this request: row sources that are not SQL (source.ts) evaluate them. */
  waysOf(type: string): TypeWays;
  /** Whether some type of this subgraph is decided row by row for this request: it then runs on the per-row schema. */
  anyPerRow(): boolean;
  audit(): AuditRecord[];
}

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
  const verify = gatewayVerifier(config);

  const mask = (strategy: Strategy, value: unknown) => applyMask(strategy, value, config.maskHashKey);
  // Row types: every object type but the roots, which hold no rows.
  const rowTypes = [...facts.types.keys()].filter((t) => !ROOTS.has(t));
  let perRowSchema: GraphQLSchema | undefined;
  return {
    policy,
    /** For requests whose rows are all decided alike (most): masking wraps classified fields only. */
    schema: enforce(schema, facts, mask),
    /** For requests with a type decided row by row: every field decided by its row. Built when a request first needs it, not at start. */
    perRowSchema: () => (perRowSchema ??= enforce(schema, facts, mask, { perRow: true })),
    callOf: trustedCalls(gatewayIdentity(verify, name), config, name, logger),
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
    /** Decisions, row access and audit collection for one request, under one compiled policy. */
    forRequest(principal: Principal, compiled: CompiledPolicy | undefined = policy.current): RequestAccess {
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
      const ways = new Map<string, TypeWays>();
      const waysOf = (type: string) => {
        let w = ways.get(type);
        if (!w) ways.set(type, (w = compiled ? compiled.ways(principal, type, name) : noWays(type, name)));
        return w;
      };
      const rows = requestAccess(waysOf);
      // Tags as the policy sees them: on the supergraph, an @interfaceObject's
      // field is the interface's, with every implementation's tags.
      const known = compiled?.facts ?? facts;
      const tagsOf = (coordinate: string) => (known.field(coordinate) ?? known.interfaceField(coordinate))?.tags ?? [];
      const onRead = (coordinate: string, d: Decision) => {
        if (audit.has(coordinate)) return;
        if (d.effect === 'deny') audit.set(coordinate, { coordinate, decision: 'deny', rule: d.rule });
        else if (d.effect === 'allow' && tagsOf(coordinate).includes('pii')) audit.set(coordinate, { coordinate, decision: 'allow', rule: d.rule });
      };
      return {
        decide,
        decideRead: (coordinate) => (compiled ? compiled.decideRead(principal, coordinate) : NO_POLICY),
        perRow: rows.perRow,
        decideRow: rows.decideRow,
        onRead,
        rows,
        waysOf,
        anyPerRow: () => rowTypes.some((t) => rows.perRow(t)),
        audit: () => [...audit.values()],
      };
    },
  };
}

/** Before any valid policy: no way in, no rows. */
const noWays = (type: string, subgraph: string): TypeWays => ({ type, subgraph, mandatory: FALSE, mandatoryRules: [], ways: [], groups: [], condition: FALSE, uniform: true });
