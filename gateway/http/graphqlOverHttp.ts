/**
 * The GraphQL route as GraphQL over HTTP describes it, around the pipeline's
 * handler: the response media type from Accept (mediaType.ts), batched
 * operations (batch.ts), and CORS (cors.ts, applied by the server to every
 * data route).
 */
import type { Handler, HttpReply } from '../../platform/http.ts';
import { runBatch, type GraphQLHandle } from './batch.ts';
import { negotiate, type Negotiated } from './mediaType.ts';

export function graphqlOverHttp(handle: GraphQLHandle): Handler {
  return async (req) => {
    const media = negotiate(typeof req.headers.accept === 'string' ? req.headers.accept : undefined);
    const reply = req.method === 'POST' && Array.isArray(req.body) ? await runBatch(handle, req, req.body) : await handle(req);
    return shaped(reply, media);
  };
}

function shaped(reply: HttpReply, media: Negotiated): HttpReply {
  const headers = Object.fromEntries(Object.entries(reply.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-type'));
  // Replies (not thrown errors) with 400 are GraphQL request errors: parse, validation, variables.
  const status = media.legacyStatus && reply.status === 400 ? 200 : reply.status;
  return { ...reply, status, headers: { ...headers, 'content-type': media.contentType } };
}
