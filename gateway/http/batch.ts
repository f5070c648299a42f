/**
 * Batched operations: a POST body that is a JSON array of GraphQL requests.
 * Each operation runs through the whole pipeline on its own — identity,
 * limits (its own cost, its own share of the rate limits), authorization,
 * caches, audit — one after the other, and the answer is the array of their
 * bodies in order. A batch larger than the caller's batch-size limit
 * (MAX_BATCH_SIZE, or a policy's `limits:` rule) is refused as a whole by the
 * limits plugin before its first operation runs; so is a batch whose caller
 * is not authenticated. Any other refusal answers only its own operation.
 */
import { errorBody, HttpError, type HttpReply, type HttpRequest } from '../../platform/http.ts';

export type GraphQLHandle = (http: HttpRequest, batchSize?: number) => Promise<HttpReply>;

/** Refusals that concern the whole batch rather than one of its operations. */
const WHOLE_BATCH = (err: HttpError) => err.details.code === 'BATCH_LIMIT' || err.status === 401;

/** Headers that describe one cached answer and mean nothing for the batch. */
const PER_ANSWER = ['cache-control', 'age', 'etag', 'x-cache', 'content-type', 'content-length'];

export async function runBatch(handle: GraphQLHandle, req: HttpRequest, operations: readonly unknown[]): Promise<HttpReply> {
  if (operations.length === 0) throw new HttpError(400, 'the batch is empty: send at least one operation, or a single request object', { code: 'BAD_REQUEST' });
  const stray = operations.findIndex((o) => typeof o !== 'object' || o === null || Array.isArray(o));
  if (stray >= 0) throw new HttpError(400, `batch entry ${stray} is not a GraphQL request: each entry must be an object such as {"query": "…"}`, { code: 'BAD_REQUEST' });
  const bodies: unknown[] = [];
  const headers: Record<string, string | number> = {};
  for (const operation of operations) {
    try {
      const reply = await handle({ ...req, body: operation }, operations.length);
      for (const [name, value] of Object.entries(reply.headers ?? {})) if (!PER_ANSWER.includes(name.toLowerCase())) headers[name] = value;
      bodies.push(parsedBody(reply.body));
    } catch (err) {
      if (!(err instanceof HttpError) || WHOLE_BATCH(err)) throw err;
      bodies.push(errorBody(err.status, err.message, { ...err.details, status: err.status }));
    }
  }
  return { status: 200, headers: { ...headers, 'cache-control': 'no-store' }, body: bodies };
}

/** Cached answers arrive serialised; the batch holds them as values. */
function parsedBody(body: unknown): unknown {
  if (typeof body === 'string') return JSON.parse(body);
  if (Buffer.isBuffer(body)) return JSON.parse(body.toString('utf8'));
  return body;
}
