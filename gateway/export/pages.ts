/**
 * Every page of a list, one governed GraphQL request each: the operation
 * goes through the whole pipeline (identity, limits, authorization, audit),
 * so an export holds exactly what the same caller's GraphQL answer holds —
 * masks, row filters, per-row denials. Each page starts after where the last
 * one ended — the last id received for a plain kit list, the connection's
 * `pageInfo.endCursor` for a connection: both are keysets, so rows written
 * meanwhile neither repeat nor shift the pages. Pages are fetched only as the
 * stream is read: memory holds one page, whatever the size of the product.
 */
import { HttpError, type HttpReply, type HttpRequest } from '../../platform/http.ts';
import type { ExportTarget } from './target.ts';

export type Row = Record<string, unknown>;
export type RunOperation = (body: { query: string; variables: Record<string, unknown>; operationName: string }) => Promise<HttpReply>;

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** How to walk one list: the operation (taking `first` and `after` variables) and how to read a page of its answer. */
export interface PageWalk {
  query: string;
  operationName: string;
  /** Variables besides the paging ones, e.g. the caller's filter. */
  variables?: Record<string, unknown>;
  /** Names of the operation's paging variables. */
  firstVariable: string;
  afterVariable: string;
  /** The rows of one page's answer and where the next page starts (undefined: this was the last page); throws when the answer holds no page. */
  page(data: Record<string, unknown> | null | undefined, pageSize: number): { rows: Row[]; next: unknown };
}

export const exportOperation = (target: ExportTarget, selection: string) =>
  `query DpgExport($first: ${target.firstType}, $after: ${target.afterType}) { ${target.field}(first: $first, after: $after) { ${selection} } }`;

/** A kit list paged by id, ending at the first page shorter than asked for. */
export const idPages = (field: string, strip: (row: Row) => Row = (row) => row) => (data: Record<string, unknown> | null | undefined, pageSize: number) => {
  const rows = data?.[field];
  if (!Array.isArray(rows)) throw new HttpError(502, `the export stopped: no rows for "${field}"`, { code: 'EXPORT_FAILED' });
  const next = rows.length < pageSize ? undefined : (rows[rows.length - 1] as Row).id;
  return { rows: (rows as Row[]).map(strip), next };
};

/** The walk `/export/<name>` takes: the target list with the export's columns. */
export const listWalk = (target: ExportTarget, selection: string): PageWalk => ({
  query: exportOperation(target, selection),
  operationName: 'DpgExport',
  firstVariable: 'first',
  afterVariable: 'after',
  page: idPages(target.field),
});

export async function* walkPages(run: RunOperation, walk: PageWalk, pageSize: number): AsyncGenerator<Row[]> {
  let after: unknown = null;
  for (;;) {
    const reply = await run({ query: walk.query, variables: { ...walk.variables, [walk.firstVariable]: pageSize, [walk.afterVariable]: after }, operationName: walk.operationName });
    const answer = (typeof reply.body === 'string' ? JSON.parse(reply.body) : Buffer.isBuffer(reply.body) ? JSON.parse(reply.body.toString('utf8')) : reply.body) as Answer;
    const status = reply.status ?? 200;
    // A denied value is a null in its row, as in the GraphQL answer; any other error would make the file incomplete.
    const failure = answer.errors?.find((e) => e.extensions?.code !== 'FORBIDDEN');
    if (status !== 200 || failure) {
      const first = failure ?? answer.errors?.[0];
      throw new HttpError(status === 200 ? 502 : status, `the export stopped: ${first?.message ?? `status ${status}`}`, { code: first?.extensions?.code ?? 'EXPORT_FAILED' });
    }
    const { rows, next } = walk.page(answer.data, pageSize);
    yield rows;
    if (next === undefined || next === null) return;
    after = next;
  }
}

export const pages = (run: RunOperation, target: ExportTarget, selection: string, pageSize: number) => walkPages(run, listWalk(target, selection), pageSize);

/** The headers each page's request carries: the caller's credentials, asking for JSON, never a cached answer. */
export function pageRequestHeaders(headers: HttpRequest['headers']): HttpRequest['headers'] {
  const { 'content-length': _length, 'accept-encoding': _encoding, ...rest } = headers;
  return { ...rest, 'content-type': 'application/json', accept: 'application/json', 'cache-control': 'no-store' };
}
