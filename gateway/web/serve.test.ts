import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, listen, type RunningServer } from '../../platform/http.ts';
import { graphiqlEnabled } from '../config.ts';
import type { WebManifest } from './build.ts';
import { CONTENT_SECURITY_POLICY, wantsPage, webPages } from './serve.ts';

/** GET without decoding, so compressed bodies arrive as sent. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

/** A build folder as build.ts writes it, with small stand-in assets. */
function fakeBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-web-'));
  const manifest: WebManifest = {
    sourceHash: 'test',
    builtAt: new Date().toISOString(),
    pages: { graphiql: { script: 'graphiql-AAAA.js', style: 'graphiql-BBBB.css' }, portal: { script: 'portal-CCCC.js', style: 'portal-DDDD.css' } },
  };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  fs.writeFileSync(path.join(dir, 'graphiql-AAAA.js'), `console.log(${JSON.stringify('x'.repeat(5000))});`);
  fs.writeFileSync(path.join(dir, 'graphiql-BBBB.css'), 'body{}');
  fs.writeFileSync(path.join(dir, 'portal-CCCC.js'), 'export {};');
  fs.writeFileSync(path.join(dir, 'portal-DDDD.css'), 'body{}');
  fs.writeFileSync(path.join(dir, 'notes.unknown'), 'not an asset type');
  // Something outside the build a traversal would try to reach.
  fs.writeFileSync(path.join(dir, '..', `${path.basename(dir)}-secret.txt`), 'TOP-SECRET-CONTENT');
  return dir;
}

async function serve(options: Parameters<typeof webPages>[0]): Promise<RunningServer> {
  const web = webPages(options);
  return listen(createHttpServer({ routes: { ...web.routes, 'GET /graphql': (req) => (web.graphiqlOn && wantsPage(req) ? web.graphiql(req) : { body: { data: 'graphql' } }) } }), 0, '127.0.0.1');
}

describe('web pages', () => {
  let dir: string;
  let on: RunningServer;
  let off: RunningServer;
  let unbuilt: RunningServer;
  let later: string;

  beforeAll(async () => {
    dir = fakeBuild();
    on = await serve({ dir, graphiql: true });
    off = await serve({ dir, graphiql: false });
    later = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-web-later-')), 'dist');
    unbuilt = await serve({ dir: later, graphiql: true });
  });
  afterAll(async () => {
    await Promise.all([on.close(), off.close(), unbuilt.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}-secret.txt`, { force: true });
    fs.rmSync(path.dirname(later), { recursive: true, force: true });
  });

  it('serves GraphiQL at / as HTML that loads only its own hashed assets, under a same-origin CSP', async () => {
    const res = await request(on.url).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).toContain('<script type="module" src="/web/graphiql-AAAA.js">');
    expect(res.text).toContain('<link rel="stylesheet" href="/web/graphiql-BBBB.css">');
    expect(res.text).toContain('data-graphiql="on"');
    // Every URL the page names is on this origin (or inline data).
    for (const [, url] of res.text.matchAll(/(?:src|href)="([^"]+)"/g)) expect(url).toMatch(/^(\/web\/|data:)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });

  it('serves the portal at /portal', async () => {
    const res = await request(on.url).get('/portal');
    expect(res.status).toBe(200);
    expect(res.text).toContain('/web/portal-CCCC.js');
  });

  it('answers a browser at /graphql with GraphiQL, and a GraphQL client with GraphQL', async () => {
    const browser = await request(on.url).get('/graphql').set('accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(browser.headers['content-type']).toMatch(/^text\/html/);
    expect((await request(on.url).get('/graphql').set('accept', 'application/json')).body).toEqual({ data: 'graphql' });
    // A browser sending a query gets its answer, not the IDE.
    expect((await request(on.url).get('/graphql?query={x}').set('accept', 'text/html')).body).toEqual({ data: 'graphql' });
  });

  it('revalidates pages with an ETag', async () => {
    const first = await request(on.url).get('/portal');
    const again = await request(on.url).get('/portal').set('if-none-match', first.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('serves hashed assets with their content type, a year of caching, and gzip when asked', async () => {
    const css = await request(on.url).get('/web/portal-DDDD.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const raw = await rawGet(`${on.url}/web/graphiql-AAAA.js`, { 'accept-encoding': 'identity' });
    expect(raw.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(raw.headers['content-encoding']).toBeUndefined();
    const gz = await rawGet(`${on.url}/web/graphiql-AAAA.js`, { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('accept-encoding');
    expect(gz.headers.etag).not.toBe(raw.headers.etag);
    expect(gunzipSync(gz.body).equals(raw.body)).toBe(true);
    expect(gz.body.length).toBeLessThan(raw.body.length);
    expect((await rawGet(`${on.url}/web/graphiql-AAAA.js`, { 'accept-encoding': 'identity', 'if-none-match': raw.headers.etag! })).status).toBe(304);
  });

  it('serves nothing but the files the build wrote: no traversal, no manifest, no unknown types', async () => {
    const secret = `${path.basename(dir)}-secret.txt`;
    for (const p of [`/web/..%2F${secret}`, `/web/%2e%2e%2f${secret}`, `/web/..%5C${secret}`, '/web/manifest.json', '/web/notes.unknown', '/web/', '/web/missing.js', `/web/../${secret}`]) {
      const res = await request(on.url).get(p);
      expect(res.status, p).toBe(404);
      expect(res.body.errors?.[0]?.extensions?.code, p).toBe('NOT_FOUND');
      expect(res.text, p).not.toContain('TOP-SECRET-CONTENT');
    }
    expect((await request(on.url).get('/web/a/b.js')).status).toBe(404);
    const malformed = await request(on.url).get('/web/%E0%A4%A.js');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    // and the server is fine after all of it
    expect((await request(on.url).get('/web/portal-DDDD.css')).status).toBe(200);
  });

  it('answers 404 at / when GraphiQL is off, keeps /graphql a GraphQL endpoint, and still serves the portal', async () => {
    const root = await request(off.url).get('/');
    expect(root.status).toBe(404);
    expect(root.body.errors[0]).toMatchObject({ message: expect.stringContaining('GRAPHIQL=on'), extensions: { code: 'NOT_FOUND' } });
    expect((await request(off.url).get('/graphql').set('accept', 'text/html')).body).toEqual({ data: 'graphql' });
    const portal = await request(off.url).get('/portal');
    expect(portal.status).toBe(200);
    expect(portal.text).toContain('data-graphiql="off"');
  });

  it('answers 503 naming the fix when the pages are not built, and serves them once they are', async () => {
    const res = await request(unbuilt.url).get('/portal');
    expect(res.status).toBe(503);
    expect(res.body.errors[0]).toMatchObject({ message: expect.stringContaining('npm run build:web'), extensions: { code: 'SERVICE_UNAVAILABLE' } });
    fs.cpSync(dir, later, { recursive: true });
    expect((await request(unbuilt.url).get('/portal')).status).toBe(200);
  });
});

describe('GraphiQL setting', () => {
  it('is on in development, off in production unless GRAPHIQL=on, and off when GRAPHIQL=off', () => {
    expect(graphiqlEnabled({ graphiql: 'auto', deployment: 'development' })).toBe(true);
    expect(graphiqlEnabled({ graphiql: 'auto', deployment: 'production' })).toBe(false);
    expect(graphiqlEnabled({ graphiql: 'on', deployment: 'production' })).toBe(true);
    expect(graphiqlEnabled({ graphiql: 'off', deployment: 'development' })).toBe(false);
  });
});
