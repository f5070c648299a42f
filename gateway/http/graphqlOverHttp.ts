/**
 * The GraphQL route as GraphQL over HTTP describes it, around the pipeline's
 * handler: the response media type from Accept (mediaType.ts), batched
 * operations (batch.ts), a list query answered as CSV or NDJSON when Accept
 * asks for it (export/byAccept.ts), and CORS (cors.ts, applied by the server to every
 * data route).
 */
import type { Handler, HttpReply } from '../../platform/http.ts';
import { runBatch, type GraphQLHandle } from './batch.ts';
import { exportFormatAccepted, negotiate, type Negotiated } from './mediaType.ts';
import type { AcceptExport } from '../export/byAccept.ts';

export function graphqlOverHttp(handle: GraphQLHandle, exportList?: AcceptExport): Handler {
  return async (req) => {
    const format = exportList && exportFormatAccepted(typeof req.headers.accept === 'string' ? req.headers.accept : undefined);
    if (format) return exportList(req, format);
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
