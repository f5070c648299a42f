/**
 * The gateway on a supergraph we did not write (test/fixtures/federation/
 * media-library, composed to a SUPERGRAPH_FILE), as an operator runs it
 * without a registry: it connects to no address nobody configured (the
 * registry port the default would point at stays silent through requests,
 * cache use and many report intervals), caches by the rules file, serves
 * callers without a credential as ANONYMOUS_ROLE under the policy, and takes
 * `subgraph: "*"` for any type on any subgraph. A rules file that does not
 * read or check refuses the start, saying which file and what is wrong.
 *
 * It starts no database: the PostgreSQL project would only repeat it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import { mintDevToken } from '../../gateway/identity/devTokens.ts';
import { startGateway } from '../../gateway/server.ts';
import { createLogger } from '../../platform/log.ts';
import type { Principal } from '../../policies/principal.ts';
import { startFixture, type OurGateway, type RunningFixture } from '../support/federation.ts';
import { until } from '../support/until.ts';

const onPostgres = process.env.DPG_TEST_DATABASE === 'postgres';
const JWT_SECRET = 'federation-fixture-secret'; // the fixture gateway's (test/support/federation.ts)
const REPORT_INTERVAL_MS = 50;

const POLICY = {
  'policy.yaml': `
grants:
  - id: analysts-read-everything
    to: { roles: [analyst] }
    read:
      - { subgraph: "*" }
  - id: public-reads-the-catalog
    to: { roles: [public] }
    read:
      - { subgraph: catalog }
  - id: signed-in-callers-read-artists
    to: {}
    read:
      - { type: Artist }
forbid:
  - id: public-not-directors
    to: { roles: [public] }
    read:
      - { field: Film.director }
  - id: blocked-read-nothing
    to: { roles: [blocked] }
    read:
      - { subgraph: "*" }
`,
};

// Album's data comes from both subgraphs (Album.artist is the artists'); its
// type rule covers it. Artist's data is only the artists' subgraph's, which
// no rule names: an answer touching Artist is not cached.
const CACHE_RULES = `
rules:
  - { subgraph: catalog, ttl: 60 }
  - { type: Album, ttl: PT2S }
`;

const analyst: Principal = { subject: 'ann', roles: ['analyst'], scopes: [], attributes: {} };
const MEDIA = '{ media { id title } }';
const SEARCH = '{ search(term: "a") { ... on Film { title } ... on Artist { name } } }';

interface Reply {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[] };
}

async function ask(gateway: OurGateway, query: string, auth?: Principal | string): Promise<Reply> {
  const authorization = auth === undefined ? undefined : typeof auth === 'string' ? auth : `Bearer ${await mintDevToken(JWT_SECRET, auth)}`;
  const res = await fetch(`${gateway.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Reply['body'] };
}

/** A TCP listener that counts every connection made to it (and closes it at once). */
async function connectionCounter() {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get connections() {
      return connections;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(onPostgres)('a gateway on its own supergraph, without a registry', () => {
  let fixture: RunningFixture;
  let tmp: string;
  let rulesFile: string;

  beforeAll(async () => {
    fixture = await startFixture('media-library');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-standalone-'));
    rulesFile = path.join(tmp, 'cache-rules.yaml');
    fs.writeFileSync(rulesFile, CACHE_RULES);
  });
  afterAll(async () => {
    await fixture?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Our gateway on the fixture's supergraph file, with no REGISTRY_URL (the fixture helper's is unset here). */
  const standalone = (env: Record<string, string> = {}) =>
    fixture.ours(POLICY, {
      REGISTRY_URL: '',
      RESPONSE_CACHE: 'memory',
      RESPONSE_CACHE_RULES_FILE: rulesFile,
      USAGE_FLUSH_INTERVAL_MS: String(REPORT_INTERVAL_MS),
      ...env,
    });

  it('connects to no registry nobody configured: not through requests, cache use or report intervals', async () => {
    const registry = await connectionCounter();
    try {
      // The registry a gateway without REGISTRY_URL would use is this listener (REGISTRY_PORT on this host).
      const gateway = await standalone({ REGISTRY_PORT: String(registry.port) });
      try {
        expect((await ask(gateway, MEDIA, analyst)).headers.get('x-cache')).toBe('MISS');
        expect((await ask(gateway, MEDIA, analyst)).headers.get('x-cache')).toBe('HIT');
        expect((await ask(gateway, SEARCH, analyst)).status).toBe(200);
        expect((await ask(gateway, MEDIA)).status).toBe(401);
        // Many report intervals go by with usage recorded and nowhere to send it.
        await new Promise((r) => setTimeout(r, REPORT_INTERVAL_MS * 10));
      } finally {
        await gateway.close(); // closing flushes usage too, when there is anywhere to send it
      }
      expect(registry.connections).toBe(0);

      // The counter counts: without SUPERGRAPH_FILE that default is where the gateway looks for its supergraph…
      const registryBound = await startGateway(
        readGatewayConfig({ DATA_DIR: 'memory', GATEWAY_PORT: '0', JWT_SECRET, REGISTRY_PORT: String(registry.port), SUPERGRAPH_POLL_INTERVAL_MS: '50', LOG_LEVEL: 'silent' }),
        { logger: createLogger('gateway', 'silent') },
      );
      try {
        await until('the gateway to ask the default registry for a supergraph', async () => registry.connections > 0);
      } finally {
        await registryBound.close();
      }
      // …and a standalone gateway told where its registry is reports usage there.
      const before = registry.connections;
      const told = await standalone({ REGISTRY_URL: `http://127.0.0.1:${registry.port}` });
      try {
        await ask(told, MEDIA, analyst);
        await until('usage reports to the configured registry', async () => registry.connections > before);
      } finally {
        await told.close();
      }
    } finally {
      await registry.close();
    }
  });

  it('caches by the rules file: a hit on the repeat, for the rule\'s TTL, per principal, and nothing the rules do not cover', async () => {
    const gateway = await standalone();
    try {
      const first = await ask(gateway, MEDIA, analyst);
      expect(first.status).toBe(200);
      expect(first.body.data?.media).toHaveLength(5);
      expect(first.headers.get('x-cache')).toBe('MISS');
      // Film and Podcast by the catalog rule (60 s), Album by its own (2 s): the shortest.
      expect(first.headers.get('cache-control')).toBe('private, max-age=2');
      const second = await ask(gateway, MEDIA, analyst);
      expect(second.headers.get('x-cache')).toBe('HIT');
      expect(second.body).toEqual(first.body);

      // Another caller whose policy decisions are the same shares the entry; another role does not.
      expect((await ask(gateway, MEDIA, { ...analyst, subject: 'bob' })).headers.get('x-cache')).toBe('HIT');
      const other = await ask(gateway, MEDIA, { subject: 'pat', roles: ['public'], scopes: [], attributes: {} });
      expect(other.body.errors).toBeUndefined();
      expect(other.headers.get('x-cache')).toBe('MISS');

      // Artist is served by the artists subgraph, which no rule names.
      const search = await ask(gateway, SEARCH, analyst);
      expect(search.body.errors).toBeUndefined();
      expect(search.body.data?.search.some((hit: { name?: string }) => hit.name === 'Ola Berg')).toBe(true);
      expect(search.headers.get('cache-control')).toBe('no-store');
      expect((await ask(gateway, SEARCH, analyst)).headers.get('x-cache')).toBe('MISS');

      // The entry lives for the rule's 2 s only.
      await until('the cached answer to expire', async () => (await ask(gateway, MEDIA, analyst)).headers.get('x-cache') === 'MISS', 10_000);
    } finally {
      await gateway.close();
    }
  });

  it('serves a caller without a credential as ANONYMOUS_ROLE, under the policy', async () => {
    const gateway = await standalone({ ANONYMOUS_ROLE: 'public' });
    try {
      const films = await ask(gateway, '{ media(kind: FILM) { id title ... on Film { director } } }');
      expect(films.status).toBe(200);
      expect(films.body.data?.media.map((m: { title: string }) => m.title)).toEqual(['Night Train', 'Salt Flats']);
      expect(films.body.data?.media.map((m: { director: unknown }) => m.director)).toEqual([null, null]);
      expect(films.body.errors?.length).toBeGreaterThan(0);
      expect(films.body.errors?.every((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.includes('director'))).toBe(true);

      // A grant to every signed-in caller (`to: {}`) does not reach an anonymous one…
      const ARTISTS = '{ search(term: "zzz") { ... on Artist { id country } } }';
      const anonymousArtists = await ask(gateway, ARTISTS);
      expect(anonymousArtists.body.data?.search).toEqual([{ id: 'r1', country: null }, { id: 'r2', country: null }]);
      expect(anonymousArtists.body.errors?.length).toBeGreaterThan(0);
      expect(anonymousArtists.body.errors?.every((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.includes('country'))).toBe(true);
      // …but a signed-in caller of the same role gets it.
      const signedIn = await ask(gateway, ARTISTS, { subject: 'pat', roles: ['public'], scopes: [], attributes: {} });
      expect(signedIn.body.errors).toBeUndefined();
      expect(signedIn.body.data?.search).toEqual([{ id: 'r1', country: 'SE' }, { id: 'r2', country: null }]);

      // Exports know the caller as /graphql does: the anonymous caller passes identity, and this
      // graph's lists do not page, which the refusal says instead of listing nothing.
      const exported = await fetch(`${gateway.gateway.url}/export/media.csv`);
      expect(exported.status).toBe(404);
      expect(((await exported.json()) as Reply['body']).errors?.[0]).toMatchObject({ message: expect.stringMatching(/no list field that pages/), extensions: { code: 'NOT_FOUND', exportable: [] } });

      // A credential that does not verify is refused, anonymous role or not.
      const bad = await ask(gateway, MEDIA, 'Bearer not-a-token');
      expect(bad.status).toBe(401);
      expect(bad.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await gateway.close();
    }

    const closed = await standalone();
    try {
      const refused = await ask(closed, MEDIA);
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ errors: [{ message: expect.stringMatching(/credentials required/), extensions: { code: 'UNAUTHENTICATED' } }] });
    } finally {
      await closed.close();
    }
  });

  it('takes subgraph: "*" for every type on every subgraph, checked against a supergraph with no registry catalog', async () => {
    const gateway = await standalone();
    try {
      expect(gateway.gateway.policy.status().rejected).toBeNull();
      // Fields of three types from both subgraphs, Artist.country and Album.artist among them.
      const all = await ask(gateway, '{ mediaItem(id: "a1") { id title ... on Album { tracks { title } artist { id albums { id } } } } search(term: "zzz") { ... on Artist { name country } } }', analyst);
      expect(all.body.errors).toBeUndefined();
      expect(all.body.data).toEqual({
        mediaItem: { id: 'a1', title: 'Blue Hours', tracks: [{ title: 'Dawn' }, { title: 'Noon' }], artist: { id: 'r1', albums: [{ id: 'a1' }] } },
        search: [{ name: 'Ola Berg', country: 'SE' }, { name: 'Mina K', country: null }],
      });
      // And as a forbid: a role denied `subgraph: "*"` reads nothing, whatever else it holds.
      const blocked = await ask(gateway, '{ media { id } }', { subject: 'x', roles: ['blocked', 'analyst'], scopes: [], attributes: {} });
      expect(blocked.body.data?.media ?? null).toBeNull();
      expect(blocked.body.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    } finally {
      await gateway.close();
    }
  });

  it('refuses to start on a cache rules file that does not read or check, naming the file and the problem', async () => {
    const bad = path.join(tmp, 'bad-rules.yaml');
    fs.writeFileSync(bad, 'rules:\n  - { subgraph: catalog, ttl: 60 }\n  - { type: Album, tll: 60 }\n');
    await expect(standalone({ RESPONSE_CACHE_RULES_FILE: bad })).rejects.toThrow(`RESPONSE_CACHE_RULES_FILE=${bad}: rules[1]: unknown key "tll"`);

    // As an operator starts it: the process stops with the reason, before listening.
    const missing = path.join(tmp, 'no-such-rules.yaml');
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts', 'gateway'], {
      env: { ...process.env, SUPERGRAPH_FILE: path.join(tmp, 'any.graphql'), RESPONSE_CACHE_RULES_FILE: missing, GATEWAY_PORT: '0', DATA_DIR: 'memory', REGISTRY_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
    expect(code, output).toBe(1);
    expect(output).toContain(`cannot start: invalid configuration:\n  RESPONSE_CACHE_RULES_FILE=${missing}: cannot be read (ENOENT)`);
  });
});
