/**
 * Holds the live supergraph and the `@apollo/gateway` that executes it, and
 * swaps in new supergraphs without a restart. A request takes a snapshot at
 * its start; a swap never disturbs requests already in flight, and a
 * supergraph that fails to load leaves the current one serving.
 */
import { ApolloGateway } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../../platform/log.ts';
import { SubgraphDataSource, type SubgraphCallOptions } from '../subgraphs/dataSource.ts';
import type { SupergraphUpdate } from './source.ts';
import { subgraphUrls } from '../../platform/supergraphSubgraphs.ts';

export interface SupergraphSnapshot {
  apiSchema: GraphQLSchema;
  executor: ApolloGateway['executor'];
  hash: string;
  version?: number;
  origin: SupergraphUpdate['origin'];
  loadedAt: string;
  /** Subgraph name → URL, as the supergraph declares them. */
  subgraphs: Record<string, string>;
  /** The supergraph SDL itself (policies are checked against it). */
  sdl: string;
}

export interface RuntimeOptions {
  logger: Logger;
  subgraphTimeoutMs: number;
  /** Budget of the planner's cache of query plans, in MiB of plan JSON (@apollo/gateway's own default: 30). */
  queryPlanCacheMb?: number;
  /** @apollo/gateway's telemetry to Apollo (and the cloud-metadata probing it starts with); off unless the operator turns it on. */
  apolloTelemetry?: boolean;
  /** Builds the data source for one subgraph (plugins wrap it, e.g. to sign identity). */
  dataSource?: (options: SubgraphCallOptions) => SubgraphDataSource;
  /** Called after every successful swap. */
  onSwap?: (snapshot: SupergraphSnapshot) => void;
}

export class SupergraphRuntime {
  current?: SupergraphSnapshot;
  lastRejected?: { hash: string; error: string; at: string };
  private gateway?: ApolloGateway;
  private push?: (sdl: string) => void;
  private serial: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RuntimeOptions) {}

  /** Applies updates one at a time; resolves false when the supergraph was refused. */
  apply(update: SupergraphUpdate): Promise<boolean> {
    const next = this.serial.then(() => this.load(update));
    this.serial = next.catch(() => {});
    return next;
  }

  private async load(update: SupergraphUpdate): Promise<boolean> {
    if (this.current?.hash === update.hash) return true;
    try {
      if (!this.gateway) await this.boot(update.sdl);
      else this.push!(update.sdl);
    } catch (err) {
      this.lastRejected = { hash: update.hash, error: (err as Error).message, at: new Date().toISOString() };
      this.options.logger.error({ err: (err as Error).message, origin: update.origin }, 'supergraph refused; still serving the previous one');
      return false;
    }
    this.current = { ...this.pending!, hash: update.hash, version: update.version, origin: update.origin, loadedAt: new Date().toISOString() };
    this.options.logger.info({ hash: update.hash.slice(0, 12), version: update.version, origin: update.origin }, 'supergraph loaded');
    this.options.onSwap?.(this.current);
    return true;
  }

  // Filled by the gateway's schema listener, which runs synchronously inside
  // load()/update(), then stamped with the update's identity by load().
  private pending?: Pick<SupergraphSnapshot, 'apiSchema' | 'executor' | 'subgraphs' | 'sdl'>;

  private async boot(sdl: string): Promise<void> {
    const makeSource = this.options.dataSource ?? ((o) => new SubgraphDataSource(o));
    // @apollo/gateway reads this when constructed: unless it is "true", it
    // probes cloud metadata endpoints and exports host metrics to Apollo.
    process.env.APOLLO_TELEMETRY_DISABLED = this.options.apolloTelemetry ? 'false' : 'true';
    const gateway = new ApolloGateway({
      supergraphSdl: async ({ update }) => {
        this.push = update;
        return { supergraphSdl: sdl };
      },
      buildService: ({ name, url }) => makeSource({ name, url: url!, timeoutMs: this.options.subgraphTimeoutMs }),
      logger: this.options.logger,
      experimental_approximateQueryPlanStoreMiB: this.options.queryPlanCacheMb,
    });
    gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
      this.pending = { apiSchema, executor: gateway.executor, subgraphs: subgraphUrls(coreSupergraphSdl), sdl: coreSupergraphSdl };
    });
    try {
      await gateway.load();
    } catch (err) {
      // A gateway that failed its first load cannot be reused; the next update boots a fresh one.
      await gateway.stop().catch(() => {});
      throw err;
    }
    this.gateway = gateway;
  }

  async stop(): Promise<void> {
    await this.serial;
    await this.gateway?.stop();
  }
}
