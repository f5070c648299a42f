/**
 * Cross-origin access (CORS) to the data routes, for BI pages served from
 * another origin. Off unless CORS_ORIGINS names origins; credentials
 * (cookies, HTTP authentication) only when CORS_CREDENTIALS says so, and
 * never for `*`. A preflight from an origin not allowed is refused with a
 * GraphQL-shaped 403 rather than answered without headers, so whoever
 * configures a dashboard sees why.
 */
import { HttpError, type Handler, type HttpReply, type HttpRequest } from '../../platform/http.ts';

export interface CorsOptions {
  origins: readonly string[];
  credentials: boolean;
  maxAgeSeconds: number;
}

/** Headers a browser may send cross-origin besides the CORS-safelisted ones. */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'x-api-key', 'accept', 'accept-encoding', 'cache-control'];
const EXPOSED_HEADERS = ['age', 'x-cache', 'ratelimit', 'ratelimit-policy', 'retry-after', 'x-dpg-denied-columns', 'x-dpg-columns'];

/** The CORS headers for a request from `origin`, or undefined when none apply (no Origin, or not allowed). */
export function corsHeaders(options: CorsOptions, origin: string | undefined): Record<string, string> | undefined {
  if (!origin || options.origins.length === 0) return undefined;
  const any = options.origins.includes('*');
  if (!any && !options.origins.includes(origin)) return undefined;
  const headers: Record<string, string> = {
    // With credentials the origin is echoed: browsers refuse `*` with credentials.
    'access-control-allow-origin': any && !options.credentials ? '*' : origin,
    'access-control-expose-headers': EXPOSED_HEADERS.join(', '),
    vary: 'Origin',
  };
  if (options.credentials) headers['access-control-allow-credentials'] = 'true';
  return headers;
}

/** `OPTIONS` on a data route: the preflight answer. */
export function preflight(options: CorsOptions, methods: readonly string[]): Handler {
  return (req: HttpRequest): HttpReply => {
    const origin = header(req, 'origin');
    const base = corsHeaders(options, origin);
    if (!origin) return { status: 204, headers: { allow: [...methods, 'OPTIONS'].join(', ') } };
    if (!base) throw new HttpError(403, `origin ${origin} may not call this gateway from a browser; the operator allows cross-origin calls with CORS_ORIGINS`, { code: 'CORS_ORIGIN_NOT_ALLOWED', origin });
    const asked = header(req, 'access-control-request-method')?.toUpperCase();
    if (asked && !methods.includes(asked)) throw new HttpError(405, `method ${asked} is not allowed here; use ${methods.join(' or ')}`, { code: 'METHOD_NOT_ALLOWED' });
    const askedHeaders = (header(req, 'access-control-request-headers') ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
    const refused = askedHeaders.filter((h) => !ALLOWED_HEADERS.includes(h));
    if (refused.length) throw new HttpError(403, `header${refused.length > 1 ? 's' : ''} ${refused.join(', ')} may not be sent cross-origin; allowed: ${ALLOWED_HEADERS.join(', ')}`, { code: 'CORS_HEADER_NOT_ALLOWED', headers: refused });
    return {
      status: 204,
      headers: {
        ...base,
        'access-control-allow-methods': methods.join(', '),
        'access-control-allow-headers': ALLOWED_HEADERS.join(', '),
        'access-control-max-age': String(options.maxAgeSeconds),
        vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      },
    };
  };
}

/** A data route with CORS headers on every answer, errors included. */
export function withCors(options: CorsOptions, handler: Handler): Handler {
  return async (req) => {
    const headers = corsHeaders(options, header(req, 'origin'));
    if (!headers) return handler(req);
    try {
      const reply = await handler(req);
      return { ...reply, headers: { ...reply.headers, ...headers } };
    } catch (err) {
      if (err instanceof HttpError) Object.assign(err.headers, headers);
      throw err;
    }
  };
}

const header = (req: HttpRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
