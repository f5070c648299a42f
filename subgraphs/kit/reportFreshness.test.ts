import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../test/support/until.ts';
import type { PublishState } from './publish.ts';
import { reportFreshnessInBackground, type FreshnessReporter } from './reportFreshness.ts';

interface Received {
  method: string;
  path: string;
  authorization?: string;
  body: unknown;
}

/** A registry that records freshness reports and answers each with the next status given (then 200). */
async function fakeRegistry(statuses: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      received.push({ method: req.method!, path: req.url!, authorization: req.headers.authorization, body: JSON.parse(text) });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { ignored: [] } : { errors: [{ message: 'down', extensions: { code: 'INTERNAL' } }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => new Promise((r) => server.close(r)) };
}

const PUBLISHED: PublishState = { state: 'published', version: 1 };
const silent = pino({ level: 'silent' });

describe('freshness reporter', () => {
  let reporter: FreshnessReporter | undefined;
  let registry: Awaited<ReturnType<typeof fakeRegistry>> | undefined;
  afterEach(async () => {
    reporter?.stop();
    await registry?.close();
  });

  it('reports only once the publish has settled, with the publish token', async () => {
    registry = await fakeRegistry();
    let settle!: (s: PublishState) => void;
    const published = new Promise<PublishState>((r) => (settle = r));
    let asked = 0;
    const times = async () => (asked++, { 'sales.accounts': '2026-12-02T11:00:00.000Z', 'sales.contacts': null });
    reporter = reportFreshnessInBackground({ registryUrl: registry.url, name: 'sales', token: 'team-token', intervalMs: 20, times, published }, silent);
    await new Promise((r) => setTimeout(r, 100));
    expect(asked).toBe(0);
    expect(registry.received).toEqual([]);

    settle(PUBLISHED);
    await until('a report', async () => registry!.received.length === 1);
    expect(registry.received[0]).toEqual({
      method: 'PUT',
      path: '/subgraphs/sales/freshness',
      authorization: 'Bearer team-token',
      body: { products: { 'sales.accounts': '2026-12-02T11:00:00.000Z', 'sales.contacts': null } },
    });
  });

  it('sends again only when the times change', async () => {
    registry = await fakeRegistry();
    let at = '2026-12-02T11:00:00.000Z';
    let asked = 0;
    const times = async () => (asked++, { 'analytics.cac': at });
    reporter = reportFreshnessInBackground({ registryUrl: registry.url, name: 'analytics', intervalMs: 10, times, published: Promise.resolve(PUBLISHED) }, silent);
    await until('a report', async () => registry!.received.length === 1);
    // Many ticks with the same times send nothing more.
    const seen = asked;
    await until('more ticks', async () => asked >= seen + 5);
    expect(registry.received).toHaveLength(1);

    at = '2026-12-02T12:00:00.000Z';
    await until('the new time reported', async () => registry!.received.length === 2);
    expect(registry.received[1].body).toEqual({ products: { 'analytics.cac': '2026-12-02T12:00:00.000Z' } });
    expect(registry.received[0].authorization).toBeUndefined();
  });

  it('survives a failing registry and a failing read, and sends the same times again at the next tick', async () => {
    registry = await fakeRegistry([500, 503]);
    let readFails = true;
    const times = async () => {
      if (readFails) {
        readFails = false;
        throw new Error('database gone for a moment');
      }
      return { 'sales.accounts': '2026-12-02T11:00:00.000Z' };
    };
    reporter = reportFreshnessInBackground({ registryUrl: registry.url, name: 'sales', intervalMs: 10, times, published: Promise.resolve(PUBLISHED) }, silent);
    await until('an accepted report', async () => registry!.received.length === 3);
    expect(new Set(registry.received.map((r) => JSON.stringify(r.body)))).toEqual(new Set([JSON.stringify({ products: { 'sales.accounts': '2026-12-02T11:00:00.000Z' } })]));
    // Accepted: nothing more to send.
    await new Promise((r) => setTimeout(r, 100));
    expect(registry.received).toHaveLength(3);
  });

  it('stops on close: no report after stop', async () => {
    registry = await fakeRegistry();
    let settle!: (s: PublishState) => void;
    const published = new Promise<PublishState>((r) => (settle = r));
    reporter = reportFreshnessInBackground({ registryUrl: registry.url, name: 'sales', intervalMs: 10, times: async () => ({ 'sales.accounts': null }), published }, silent);
    reporter.stop();
    settle(PUBLISHED);
    await new Promise((r) => setTimeout(r, 100));
    expect(registry.received).toEqual([]);
  });
});
