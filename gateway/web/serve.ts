/**
 * Serves the built web pages: GraphiQL at `/` (and at `/graphql` for a
 * browser asking for HTML), the data-product portal at `/portal`, and their
 * assets at `/web/<file>`. Only files the build wrote are served, looked up
 * by exact name, so no path can reach outside the build. Assets have hashed
 * names and are cached for a year; pages are revalidated every time and carry
 * a Content-Security-Policy that lets them load nothing from another origin.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { HttpError, type Handler, type HttpReply, type HttpRequest } from '../../platform/http.ts';
import { DIST_DIR, readManifest, type PageName, type WebManifest } from './build.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** Everything a page needs is on this origin; inline styles only because the editors set them. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-type': CONTENT_TYPES['.html'],
  'cache-control': 'no-cache',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const ASSET_CACHE = 'public, max-age=31536000, immutable';

const TITLES: Record<PageName, string> = { graphiql: 'GraphiQL · Data Product Gateway', portal: 'Data products · Data Product Gateway' };

// A data: URL, so the browser's automatic favicon request never leaves the page's own assets.
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%230b5cad'/%3E%3Cpath d='M4 4h8v2H4zm0 3h8v2H4zm0 3h5v2H4z' fill='white'/%3E%3C/svg%3E";

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
  gzipped?: Buffer;
}

interface Build {
  stamp: number;
  manifest: WebManifest;
  files: Map<string, StaticFile>;
}

export interface WebPagesOptions {
  /** Where the build is; default gateway/web/dist. */
  dir?: string;
  /** Whether GraphiQL is served (see graphiqlEnabled in gateway/config.ts). */
  graphiql: boolean;
}

const etagOf = (body: Buffer | string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

function shell(page: PageName, manifest: WebManifest, graphiql: boolean): string {
  const assets = manifest.pages[page];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TITLES[page]}</title>
<link rel="icon" href="${FAVICON}">
<link rel="stylesheet" href="/web/${assets.style}">
<script type="module" src="/web/${assets.script}"></script>
</head>
<body data-graphiql="${graphiql ? 'on' : 'off'}">
<div id="root"></div>
<noscript>This page needs JavaScript. The GraphQL endpoint itself is <code>/graphql</code>.</noscript>
</body>
</html>
`;
}

const notModified = (req: HttpRequest, etag: string) => req.headers['if-none-match']?.split(/\s*,\s*/).includes(etag);

const acceptsGzip = (req: HttpRequest) => /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));

/** A browser navigating to /graphql asks for HTML first; GraphQL clients ask for JSON. */
export function wantsPage(req: HttpRequest): boolean {
  return !req.query.has('query') && String(req.headers.accept ?? '').includes('text/html');
}

export function webPages(options: WebPagesOptions) {
  const dir = options.dir ?? DIST_DIR;
  let build: Build | undefined;

  /** The current build, reread when it was rebuilt (a rebuild swaps the whole folder). */
  function current(): Build {
    const stamp = fs.statSync(path.join(dir, 'manifest.json'), { throwIfNoEntry: false })?.mtimeMs;
    const manifest = stamp === undefined ? undefined : readManifest(dir);
    if (stamp === undefined || !manifest) throw new HttpError(503, 'the web pages are not built: run `npm run build:web`');
    if (build?.stamp === stamp) return build;
    const files = new Map<string, StaticFile>();
    for (const name of fs.readdirSync(dir)) {
      const type = CONTENT_TYPES[path.extname(name)];
      if (!type || name === 'manifest.json') continue;
      const body = fs.readFileSync(path.join(dir, name));
      files.set(name, { body, type, etag: etagOf(body) });
    }
    return (build = { stamp, manifest, files });
  }

  function page(name: PageName, req: HttpRequest): HttpReply {
    const html = shell(name, current().manifest, options.graphiql);
    const etag = etagOf(html);
    if (notModified(req, etag)) return { status: 304, headers: { ...PAGE_HEADERS, etag } };
    return { headers: { ...PAGE_HEADERS, etag }, body: html };
  }

  function graphiql(req: HttpRequest): HttpReply {
    if (!options.graphiql) throw new HttpError(404, 'GraphiQL is off on this gateway (production mode); an operator can set GRAPHIQL=on');
    return page('graphiql', req);
  }

  const asset: Handler = (req) => {
    const file = current().files.get(req.params.file);
    if (!file) throw new HttpError(404, `no such asset: ${req.params.file}`);
    // Small files are not worth compressing; each encoding has its own ETag.
    const gzip = acceptsGzip(req) && file.body.length > 1024;
    const etag = gzip ? `${file.etag.slice(0, -1)}-gz"` : file.etag;
    const headers: Record<string, string> = { 'content-type': file.type, 'cache-control': ASSET_CACHE, etag, 'x-content-type-options': 'nosniff', vary: 'accept-encoding' };
    if (notModified(req, etag)) return { status: 304, headers };
    if (!gzip) return { headers, body: file.body };
    file.gzipped ??= gzipSync(file.body);
    return { headers: { ...headers, 'content-encoding': 'gzip' }, body: file.gzipped };
  };

  return {
    graphiqlOn: options.graphiql,
    graphiql,
    routes: {
      'GET /': graphiql,
      'GET /portal': (req) => page('portal', req),
      'GET /web/:file': asset,
    } satisfies Record<string, Handler>,
  };
}
