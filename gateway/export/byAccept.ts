/**
 * `/graphql` with `Accept: text/csv` or `application/x-ndjson`: the list the
 * query's single root field selects (listQuery.ts), every page of it,
 * streamed as the file (reply.ts). Each page is one governed request through
 * the whole pipeline, with the caller's credentials, as `/export/` does: the
 * file holds what the same caller's JSON answer holds, over all pages. A
 * selected column the caller may not read stays in the file, empty as in the
 * JSON answer, and is named in `X-DPG-Denied-Columns`, since a file has no
 * `errors` to say why it is empty.
 */
import { HttpError, type HttpReply, type HttpRequest } from '../../platform/http.ts';
import type { Logger } from '../../platform/log.ts';
import type { PolicyHolder } from '../../policies/holder.ts';
import type { GraphQLHandle } from '../http/batch.ts';
import { authenticate, type IdentityOptions } from '../identity/plugin.ts';
import { readGraphQLParams } from '../pipeline/readRequest.ts';
import type { SupergraphRuntime } from '../supergraph/runtime.ts';
import { deniedColumnsHeader, readable } from './columns.ts';
import type { ExportFormat } from './format.ts';
import { listQuery } from './listQuery.ts';
import { pageRequestHeaders, walkPages } from './pages.ts';
import { streamExport } from './reply.ts';

export interface AcceptExportDeps {
  handle: GraphQLHandle;
  runtime: SupergraphRuntime;
  policy: PolicyHolder;
  identity: Omit<IdentityOptions, 'policy'>;
  pageSize: number;
  logger: Logger;
}

export type AcceptExport = (req: HttpRequest, format: ExportFormat) => Promise<HttpReply>;

export function exportByAccept(deps: AcceptExportDeps): AcceptExport {
  return async (req, format) => {
    if (req.method === 'POST' && Array.isArray(req.body)) throw new HttpError(406, 'a batch cannot be answered as one CSV or NDJSON file: send one list query', { code: 'NOT_ACCEPTABLE' });
    const supergraph = deps.runtime.current;
    if (!supergraph) throw new HttpError(503, 'no supergraph loaded yet', {}, { 'retry-after': '1' });
    const list = listQuery(supergraph.apiSchema, readGraphQLParams(req), format);
    const headers = pageRequestHeaders(req.headers);
    const { principal } = await authenticate(headers, deps.identity);
    const policy = deps.policy.current;
    const denied = policy ? list.columns.filter((c) => !readable(c, (coordinate) => policy.decide(principal, coordinate))) : [];
    const run = (body: { query: string; variables: Record<string, unknown>; operationName: string }) =>
      deps.handle({ ...req, method: 'POST', query: new URLSearchParams(), headers, body: { ...body, operationName: body.operationName || undefined } });
    return streamExport(req, walkPages(run, list.walk, deps.pageSize), { format, columns: list.columns, name: list.name, headers: deniedColumnsHeader(denied) }, deps.logger);
  };
}
