/**
 * A small HTTP server every service builds on: a route table, JSON bodies with
 * a size limit, errors mapped to status codes, and a graceful close. It is
 * deliberately tiny: services describe routes as data and stay free of
 * framework lifecycles, and the gateway keeps full control of its hot path.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, Readable } from 'node:stream';

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON for JSON bodies, the text otherwise, undefined without a body. */
  body: unknown;
  raw: http.IncomingMessage;
}

export interface HttpReply {
  status?: number;
  headers?: Record<string, string | number>;
  /** Objects are sent as JSON; strings and buffers as they are; a Readable is streamed (an error mid-way aborts the transfer). */
  body?: unknown;
}

export type Handler = (req: HttpRequest) => HttpReply | Promise<HttpReply>;

/** `extensions.code` of an error reply when the thrower names none. */
const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
};

const codeForStatus = (status: number): string => STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');

interface ErrorBody {
  errors: { message: string; extensions: { code: string; [detail: string]: unknown } }[];
}

/**
 * The body of every reply that is not a success, on every service:
 * GraphQL-shaped, `{"errors":[{"message","extensions":{"code",…}}]}`, so a
 * client reads one shape whatever refused it. Details go beside the code.
 */
export function errorBody(status: number, message: string, extensions: Record<string, unknown> = {}): ErrorBody {
  return { errors: [{ message, extensions: { code: codeForStatus(status), ...extensions } }] };
}

/** Thrown by handlers to answer with a status and a GraphQL-shaped error body (`details` join `extensions`). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface ServerOptions {
  routes: Record<string, Handler>;
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  onError?: (err: unknown, req: HttpRequest) => void;
}

export interface RunningServer {
  server: http.Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
}

/** Routes are keyed 'METHOD /path/:param'. */
function compileRoutes(routes: Record<string, Handler>): Route[] {
  return Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(' ');
    return { method, parts: pattern.split('/').filter(Boolean), handler };
  });
}

function match(route: Route, method: string, parts: string[]): Record<string, string> | undefined {
  if (route.method !== method && !(route.method === 'GET' && method === 'HEAD')) return undefined;
  if (route.parts.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const want = route.parts[i];
    if (want.startsWith(':')) params[want.slice(1)] = decodeParam(parts[i]);
    else if (want !== parts[i]) return undefined;
  }
  return params;
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, `the path holds malformed percent-encoding: ${raw}`);
  }
}

export function createHttpServer(options: ServerOptions): http.Server {
  const routes = compileRoutes(options.routes);
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;

  return http.createServer(async (raw, res) => {
    const url = new URL(raw.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    let req: HttpRequest = { method: raw.method ?? 'GET', path: url.pathname, query: url.searchParams, params: {}, headers: raw.headers, body: undefined, raw };
    try {
      let params: Record<string, string> | undefined;
      const route = routes.find((r) => (params = match(r, req.method, parts)));
      if (!route) {
        const pathKnown = routes.some((r) => match({ ...r, method: req.method }, req.method, parts));
        throw pathKnown ? new HttpError(405, `method ${req.method} not allowed on ${url.pathname}`) : new HttpError(404, `no route for ${url.pathname}`);
      }
      req = { ...req, params: params!, body: await readBody(raw, bodyLimit) };
      send(res, await route.handler(req));
    } catch (err) {
      if (err instanceof HttpError) {
        send(res, { status: err.status, headers: err.headers, body: errorBody(err.status, err.message, err.details) });
      } else {
        options.onError?.(err, req);
        send(res, { status: 500, body: errorBody(500, 'internal error') });
      }
    }
  });
}

async function readBody(raw: http.IncomingMessage, limit: number): Promise<unknown> {
  if (raw.method === 'GET' || raw.method === 'HEAD') return undefined;
  const declared = Number(raw.headers['content-length']);
  if (declared > limit) {
    raw.resume();
    throw new HttpError(413, `request body is larger than ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `request body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  const type = raw.headers['content-type'] ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `malformed JSON body: ${(err as Error).message}`);
  }
}

function send(res: http.ServerResponse, reply: HttpReply): void {
  if (res.headersSent) return;
  if (reply.body instanceof Readable) return stream(res, reply, reply.body);
  const body = withErrors(reply);
  const isRaw = typeof body === 'string' || Buffer.isBuffer(body);
  const payload = body === undefined ? '' : isRaw ? body : JSON.stringify(body);
  const headers: Record<string, string | number> = { ...reply.headers };
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = isRaw ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  }
  headers['content-length'] = Buffer.byteLength(payload as string | Buffer);
  res.writeHead(reply.status ?? 200, headers);
  res.end(res.req.method === 'HEAD' ? undefined : payload);
}

function stream(res: http.ServerResponse, reply: HttpReply, body: Readable): void {
  res.writeHead(reply.status ?? 200, reply.headers);
  if (res.req.method === 'HEAD') {
    body.destroy();
    res.end();
    return;
  }
  // Destroys the response on a failure, so the client sees an aborted transfer rather than a short file.
  pipeline(body, res, () => undefined);
}

/**
 * A route that answers a failure status with a body of its own (a check
 * report, a readiness state) keeps it, and gets the `errors` list every
 * failure carries beside it if it has none.
 */
function withErrors(reply: HttpReply): unknown {
  const status = reply.status ?? 200;
  const body = reply.body;
  if (status < 400 || typeof body !== 'object' || body === null || Buffer.isBuffer(body) || Array.isArray(body)) return body;
  if (Array.isArray((body as { errors?: unknown }).errors)) return body;
  return { ...errorBody(status, http.STATUS_CODES[status] ?? `status ${status}`), ...body };
}

/**
 * Listens on `port` (0 picks a free one) at `host` and returns a handle with
 * a graceful close. Services listen on the loopback interface unless HOST
 * says otherwise, so nothing is reachable from the network by accident.
 */
export async function listen(server: http.Server, port: number, host = '127.0.0.1'): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  // A wildcard address is reached through the loopback interface from this machine.
  const local = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port: actual,
    url: `http://${local}:${actual}`,
    close: () => closeServer(server),
  };
}

/** Stops accepting, lets in-flight requests finish, then drops idle keep-alive sockets. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
    // A client that holds a connection open must not keep the process alive forever.
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}
