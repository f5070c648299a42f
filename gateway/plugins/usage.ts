/**
 * Field usage reporting: after each answered operation, records which client
 * ran it and which schema coordinates it used, sums repeats in memory, and
 * sends the batch to the registry's `POST /usage` every flush interval and on
 * close. The registry's breaking-change checks stand on this data, so a
 * failed send keeps the batch for the next try (within a bound) instead of
 * dropping it.
 *
 * Client = the `apollographql-client-name` header (kind `app`), else the id
 * of the API key the caller used (`api-key`), else the caller's subject
 * (`user`). The kind travels with the name, so the catalog can show
 * applications to everyone and people only to governance.
 */
import { getOperationAST, parse, print, type GraphQLSchema } from 'graphql';
import type { Logger } from '../../platform/log.ts';
import type { GatewayPlugin, RequestState } from '../pipeline/plugin.ts';
import { operationUsage, valueCoordinates, type OperationUsage } from './usageCoordinates.ts';
import { sha256 } from '../../platform/hash.ts';
import { Memo } from '../../platform/memo.ts';

export interface UsageOptions {
  registryUrl: string;
  /** Registry token with the right to report usage (role gateway, governance or admin). */
  token: string;
  flushIntervalMs: number;
  logger: Logger;
  /** Distinct (client, operation, coordinates) lines kept between flushes. */
  maxLines?: number;
}

/** What a client name is; the registry's usage report format (schema-registry/usage/report.ts). */
export type ClientKind = 'app' | 'api-key' | 'user';

interface Line {
  client: string;
  clientKind: ClientKind;
  operationName: string | null;
  operationHash: string;
  requests: number;
  coordinates: string[];
}

const CLIENT_HEADER = 'apollographql-client-name';
const MAX_CACHED_OPERATIONS = 1000;

export function clientOf(state: RequestState): { client: string; clientKind: ClientKind } {
  const header = state.http.headers[CLIENT_HEADER];
  const named = (Array.isArray(header) ? header[0] : header)?.replace(/[\u0000-\u001f]/g, '').trim().slice(0, 200);
  if (named) return { client: named, clientKind: 'app' };
  if (state.apiKeyId) return { client: state.apiKeyId, clientKind: 'api-key' };
  return { client: state.principal?.subject || 'anonymous', clientKind: 'user' };
}

export function usagePlugin(options: UsageOptions): GatewayPlugin & { flush(): Promise<void>; close(): Promise<void> } {
  const maxLines = options.maxLines ?? 10_000;
  let pending = new Map<string, Line>();
  let inFlight: Promise<void> | undefined;
  let failing = false;
  let dropped = 0;

  // Per API schema, what each operation text uses: dashboards repeat the same few.
  let schemaSeen: GraphQLSchema | undefined;
  const operations = new Memo<(OperationUsage & { hash: string; name: string | null }) | null>(MAX_CACHED_OPERATIONS);

  function usageOf(schema: GraphQLSchema, query: string, operationName: string | undefined) {
    if (schema !== schemaSeen) {
      operations.clear();
      schemaSeen = schema;
    }
    return operations.get(`${operationName ?? ''}\u0000${query}`, () => {
      const doc = parse(query);
      const operation = getOperationAST(doc, operationName);
      return operation ? { ...operationUsage(schema, doc, operation), hash: sha256(query), name: operation.name?.value ?? null } : null;
    });
  }

  function record(line: Omit<Line, 'requests'>, requests = 1) {
    const key = `${line.clientKind}\u0000${line.client}\u0000${line.operationHash}\u0000${line.coordinates.join(',')}`;
    const seen = pending.get(key);
    if (seen) seen.requests += requests;
    else if (pending.size < maxLines) pending.set(key, { ...line, requests });
    else dropped += requests;
  }

  async function send(): Promise<void> {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      const res = await fetch(`${options.registryUrl}/usage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        body: JSON.stringify({ lines: [...batch.values()] }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status >= 400 && res.status < 500) {
        // Resending cannot fix a refused token or report; say why, once per outage.
        if (!failing) options.logger.error({ status: res.status, body: await res.text().catch(() => '') }, 'registry refused the usage report; dropping it');
        failing = true;
        return;
      }
      if (!res.ok) throw new Error(`registry answered ${res.status}`);
      if (failing) options.logger.info('usage reporting works again');
      failing = false;
    } catch (err) {
      if (!failing) options.logger.warn({ err: (err as Error).message }, 'usage report not delivered; keeping it for the next try');
      failing = true;
      for (const line of batch.values()) record(line, line.requests);
    }
    if (dropped) {
      options.logger.warn({ dropped }, 'usage lines dropped: more distinct operations than USAGE buffer holds');
      dropped = 0;
    }
  }

  const flush = (): Promise<void> => {
    inFlight ??= send().finally(() => (inFlight = undefined));
    return inFlight;
  };
  const timer = setInterval(() => void flush(), options.flushIntervalMs);
  timer.unref();

  return {
    name: 'usage',
    // onResponse, not onResult: answers from the response cache are usage too,
    // and a dashboard served from cache must not look unused to the checks.
    onRequest: (state) => ({
      onResponse(reply) {
        if (!reply || (reply.status ?? 200) !== 200) return;
        const query = state.params.query ?? (state.document && print(state.document));
        if (!query) return;
        try {
          const usage = usageOf(state.supergraph.apiSchema, query, state.params.operationName);
          if (!usage) return;
          const coordinates = new Set(usage.coordinates);
          for (const v of usage.variables) valueCoordinates(v.type, state.params.variables[v.name], coordinates);
          record({ ...clientOf(state), operationName: usage.name, operationHash: usage.hash, coordinates: [...coordinates].sort() });
        } catch (err) {
          // Usage is a side channel: it must never fail the request it describes.
          options.logger.warn({ err: (err as Error).message }, 'could not compute usage of an operation');
        }
      },
    }),
    flush,
    async close() {
      clearInterval(timer);
      await inFlight;
      await flush();
    },
  };
}
