/**
 * Everything a check may look at, gathered once per check or publish. Plain
 * data where it is cheap; functions for what only some changes need (usage,
 * deprecation history, policy references), so a change that breaks nothing
 * never reads them.
 */
import type { DomainDescriptor } from '../../policies/dataProduct.ts';
import type { LintConfig } from '../../policies/lint/config.ts';
import type { RegistryPrincipal } from '../auth/permissions.ts';
import type { CompositionResult } from '../compose.ts';
import type { SubgraphVersion } from '../store.ts';
import type { CoordinateUsage } from '../usage/store.ts';
import type { Finding } from './finding.ts';
import type { PolicyReference } from '../../policies/references.ts';
import type { LocatedDeclassification } from '../../policies/declassifications.ts';

export interface Proposal {
  name: string;
  sdl: string;
  url: string;
  dataProduct: DomainDescriptor | null;
}

/** An access-policy rule that names a schema element. */
export type { PolicyReference };

export interface CheckContext {
  proposal: Proposal;
  /** The live version of every subgraph, the proposed one's current version included. */
  live: readonly SubgraphVersion[];
  /** The proposal composed with the live versions of every other subgraph. */
  composed: CompositionResult;
  /** The supergraph gateways serve now; undefined before the first publish. */
  current?: { id: number; sdl: string };
  /** The team that owns the subgraph name; null before its first publish. */
  owner: string | null;
  /** Who asks; undefined for a check sent without a token. */
  principal?: RegistryPrincipal;
  lintConfig: LintConfig;
  usageWindowDays: number;
  now: Date;
  /** Usage within the window of every coordinate of these types. */
  usage(types: readonly string[]): Promise<CoordinateUsage[]>;
  /** For coordinates deprecated in the live supergraph: since when. */
  deprecatedSince(coordinates: readonly string[]): Promise<Map<string, string>>;
  policyReferences(): Promise<PolicyReference[]>;
  /** The access policies' reviewed declassifications (derived fields that may be less sensitive than their inputs). */
  declassifications(): Promise<LocatedDeclassification[]>;
}

export interface Check {
  id: string;
  description: string;
  run(ctx: CheckContext): Finding[] | Promise<Finding[]>;
}
