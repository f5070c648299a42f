/**
 * `GET /export/<list field or data product>.csv` (or `.ndjson`): the whole
 * list, streamed page by page (pages.ts) under the caller's policy, for BI
 * tools that read a URL ("From Web"). `.columns.json` describes the columns
 * (name, GraphQL type, description) and names the ones left out.
 *
 * Credentials as on /graphql (Authorization: Bearer, X-API-Key), or the API
 * key in the `api_key` query parameter for tools that can only send a URL.
 * Columns the caller may not read are left out and named in the
 * `X-DPG-Denied-Columns` header. Streamed as reply.ts says.
 */
import { HttpError, type Handler, type HttpRequest } from '../../platform/http.ts';
import type { Logger } from '../../platform/log.ts';
import type { PolicyHolder } from '../../policies/holder.ts';
import type { ProductCatalog } from '../catalog/products.ts';
import type { GraphQLHandle } from '../http/batch.ts';
import { authenticate, type IdentityOptions } from '../identity/plugin.ts';
import type { SupergraphRuntime } from '../supergraph/runtime.ts';
import { deniedColumnsHeader, exportColumns, type Column } from './columns.ts';
import type { ExportFormat } from './format.ts';
import { pageRequestHeaders, pages } from './pages.ts';
import { streamExport } from './reply.ts';
import { exportTarget } from './target.ts';

/** The query parameter that may carry an API key, for tools that send nothing but a URL. */
export const API_KEY_PARAMETER = 'api_key';

export interface ExportDeps {
  handle: GraphQLHandle;
  runtime: SupergraphRuntime;
  policy: PolicyHolder;
  identity: Omit<IdentityOptions, 'policy'>;
  catalog: ProductCatalog;
  pageSize: number;
  logger: Logger;
}

const FILE = /^(.+?)\.(csv|ndjson|columns\.json)$/;

export function exportRoute(deps: ExportDeps): Handler {
  return async (req) => {
    const file = FILE.exec(req.params.file ?? '');
    if (!file) throw new HttpError(404, 'export names end in .csv, .ndjson or .columns.json, e.g. /export/accounts.csv', { code: 'NOT_FOUND' });
    const [, name, kind] = file;
    const supergraph = deps.runtime.current;
    if (!supergraph) throw new HttpError(503, 'no supergraph loaded yet', {}, { 'retry-after': '1' });
    const headers = credentials(req);
    const { principal } = await authenticate(headers, deps.identity);
    const policy = deps.policy.current;
    if (!policy) throw new HttpError(503, 'no valid policy loaded yet', {}, { 'retry-after': '1' });

    // A product name needs the catalog of the live supergraph: wait for a refresh under way (a file is not latency-bound).
    deps.catalog.current();
    await deps.catalog.settled();
    const target = exportTarget(supergraph.apiSchema, name, deps.catalog.current());
    const { columns, denied, selection } = exportColumns(target.element, (c) => policy.decide(principal, c));
    const described = (c: Column) => ({ name: c.name, type: c.type, description: c.description });
    if (kind === 'columns.json') return { headers: { 'cache-control': 'no-store' }, body: { list: target.field, product: target.product ?? null, columns: columns.map(described), denied: denied.map(described) } };
    if (!columns.some((c) => c.name === 'id')) throw new HttpError(403, `you may not read ${target.element.name}.id, which the export pages by`, { code: 'FORBIDDEN' });

    const run = (body: { query: string; variables: Record<string, unknown>; operationName: string }) => deps.handle({ ...req, method: 'POST', query: new URLSearchParams(), headers, body });
    return streamExport(req, pages(run, target, selection, deps.pageSize), { format: kind as ExportFormat, columns, name, headers: deniedColumnsHeader(denied) }, deps.logger);
  };
}

/** The request's credentials, with an API key from the query string as the X-API-Key header. */
function credentials(req: HttpRequest): HttpRequest['headers'] {
  const key = req.query.get(API_KEY_PARAMETER);
  return pageRequestHeaders({ ...req.headers, ...(key ? { 'x-api-key': key } : {}) });
}
