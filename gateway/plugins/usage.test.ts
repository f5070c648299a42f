import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema } from 'graphql';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpReply } from '../../platform/http.ts';
import type { GatewayPlugin, RequestHooks, RequestState } from '../pipeline/plugin.ts';
import { clientOf, usagePlugin } from './usage.ts';

const apiSchema = buildSchema(`type Query { accounts(region: Region): [Account!]! } type Account { id: ID! name: String } enum Region { NA EMEA }`);
const state = (query: string, headers: Record<string, string> = {}, subject?: string, variables: Record<string, unknown> = {}) =>
  ({ http: { headers }, params: { query, variables, extensions: {} }, supergraph: { apiSchema }, principal: subject ? { subject, roles: [], scopes: [], attributes: {} } : undefined }) as unknown as RequestState;

/** Runs one request's onResponse hook, as the pipeline does once a reply exists. */
const respond = async (plugin: GatewayPlugin, s: RequestState, reply: HttpReply | undefined) => ((await plugin.onRequest(s)) as RequestHooks).onResponse!(reply);

/** A stand-in registry that answers each POST /usage with the next status, and keeps what it got. */
async function fakeRegistry(statuses: number[]) {
  const received: { authorization?: string; lines: { client: string; requests: number; coordinates: string[]; operationName: string | null }[] }[] = [];
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ authorization: req.headers.authorization, ...JSON.parse(body) });
    res.writeHead(statuses.shift() ?? 202).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => new Promise((r) => server.close(r)) };
}

const logger = pino({ level: 'silent' });
let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

describe('usage plugin', () => {
  it('names the client by header, else by API key id, else by subject, and says which it is', () => {
    expect(clientOf(state('{ accounts { id } }', { 'apollographql-client-name': ' finance-dashboard ' }, 'jane'))).toEqual({ client: 'finance-dashboard', clientKind: 'app' });
    expect(clientOf({ ...state('{ accounts { id } }', {}, 'svc:powerbi'), apiKeyId: 'powerbi' } as RequestState)).toEqual({ client: 'powerbi', clientKind: 'api-key' });
    expect(clientOf(state('{ accounts { id } }', {}, 'jane'))).toEqual({ client: 'jane', clientKind: 'user' });
    expect(clientOf(state('{ accounts { id } }'))).toEqual({ client: 'anonymous', clientKind: 'user' });
  });

  it('sums repeated operations per client and sends them with its token, variables included', async () => {
    const registry = await fakeRegistry([]);
    cleanup.push(registry.close);
    const usage = usagePlugin({ registryUrl: registry.url, token: 'gw-token', flushIntervalMs: 60_000, logger });
    cleanup.push(() => usage.close());
    for (let i = 0; i < 3; i++) await respond(usage, state('query Names { accounts { name } }', {}, 'jane'), { status: 200 });
    await respond(usage, state('query ByRegion($r: Region) { accounts(region: $r) { id } }', {}, 'bob', { r: 'EMEA' }), { status: 200 });
    await usage.flush();
    expect(registry.received).toHaveLength(1);
    expect(registry.received[0].authorization).toBe('Bearer gw-token');
    expect(registry.received[0].lines).toEqual([
      expect.objectContaining({ client: 'jane', clientKind: 'user', operationName: 'Names', requests: 3, coordinates: ['Account.name', 'Query.accounts'] }),
      expect.objectContaining({ client: 'bob', clientKind: 'user', operationName: 'ByRegion', requests: 1, coordinates: ['Account.id', 'Query.accounts', 'Query.accounts(region:)', 'Region.EMEA'] }),
    ]);
  });

  it('keeps a batch the registry could not take and sends it with the next one', async () => {
    const registry = await fakeRegistry([503]);
    cleanup.push(registry.close);
    const usage = usagePlugin({ registryUrl: registry.url, token: 't', flushIntervalMs: 60_000, logger });
    await respond(usage, state('{ accounts { id } }', {}, 'jane'), { status: 200 });
    await usage.flush();
    await respond(usage, state('{ accounts { id } }', {}, 'jane'), { status: 200 });
    await usage.close(); // the last flush happens on close
    expect(registry.received.map((r) => r.lines.map((l) => l.requests))).toEqual([[1], [2]]);
  });

  it('never fails a request: an operation it cannot read is skipped', async () => {
    const usage = usagePlugin({ registryUrl: 'http://127.0.0.1:9', token: 't', flushIntervalMs: 60_000, logger });
    await expect(respond(usage, state('{ not valid'), { status: 200 })).resolves.toBeUndefined();
    await usage.close();
  });

  it('does not count requests that were refused or failed', async () => {
    const registry = await fakeRegistry([]);
    cleanup.push(registry.close);
    const usage = usagePlugin({ registryUrl: registry.url, token: 't', flushIntervalMs: 60_000, logger });
    cleanup.push(() => usage.close());
    await respond(usage, state('{ accounts { id } }', {}, 'jane'), { status: 400 });
    await respond(usage, state('{ accounts { id } }', {}, 'jane'), undefined);
    await usage.flush();
    expect(registry.received).toHaveLength(0);
  });
});
