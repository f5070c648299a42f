/**
 * What a domain team writes: a folder with `schema.graphql`,
 * `data-product.yaml`, `migrations/`, plus this definition — resolvers made
 * of kit factories and a seed. The kit does the rest (database, batching,
 * HTTP, publishing).
 */
import path from 'node:path';
import type { Database, Queryable } from '../../platform/db.ts';
import type { Handler, HttpRequest } from '../../platform/http.ts';
import type { Logger } from '../../platform/log.ts';
import type { Principal } from '../../policies/principal.ts';
import type { SubgraphConfig } from './config.ts';
import type { RefreshTimes } from './freshness.ts';
import type { Invalidate } from './invalidation.ts';
import type { Universe } from './seed/universe.ts';

export interface DomainServices {
  db: Database;
  config: SubgraphConfig;
  logger: Logger;
  /** Call after the domain's data changed (a load job, a refresh, a mutation): caches everywhere drop those types' entries. */
  invalidate: Invalidate;
  /** Verifies a gateway identity token (the Authorization header) for routes only the gateway may call; throws 401. */
  principalOf: (authorization: string | string[] | undefined) => Promise<Principal>;
  /** Checks the caller may operate this subgraph, for control routes (e.g. recompute now); throws 401/403 (kit/operators.ts). */
  authorizeOperator: (req: HttpRequest) => Promise<void>;
}

/** Extra behaviour a domain may run beside its GraphQL endpoint (e.g. recomputing derived products). */
export interface DomainExtension {
  routes?: Record<string, Handler>;
  /** Added to `/ready`; `ready: false` makes the subgraph not ready. */
  readiness?: () => { ready: boolean; [detail: string]: unknown };
  stop?: () => Promise<void>;
}

export interface Domain {
  /** Subgraph name, as composed into the supergraph: lowercase, dashes allowed. */
  name: string;
  /** The folder holding schema.graphql, data-product.yaml and migrations/. */
  dir: string;
  defaultPort: number;
  resolvers: Record<string, unknown>;
  /** Fills the domain's tables for a scale; runs in a transaction, on empty tables. */
  seed(db: Queryable, universe: Universe): Promise<void>;
  extend?(services: DomainServices): DomainExtension;
  /** When each product last got new data (kit/freshness.ts); default: when the domain's data were loaded. */
  refreshedAt?: RefreshTimes;
}

export function defineDomain(domain: Domain): Domain {
  if (!/^[a-z][a-z0-9-]*$/.test(domain.name)) throw new Error(`domain name "${domain.name}" must be lowercase letters, digits and dashes`);
  return domain;
}

export const domainFiles = (domain: Domain) => ({
  schema: path.join(domain.dir, 'schema.graphql'),
  descriptor: path.join(domain.dir, 'data-product.yaml'),
  migrations: path.join(domain.dir, 'migrations'),
});

/** The PostgreSQL schema a domain owns. */
export const databaseSchema = (domain: Domain) => domain.name.replace(/-/g, '_');
