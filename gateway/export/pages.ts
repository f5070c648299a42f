/**
 * Every page of a list, one governed GraphQL request each: the operation
 * goes through the whole pipeline (identity, limits, authorization, audit),
 * so an export holds exactly what the same caller's GraphQL answer holds —
 * masks, row filters, per-row denials. The next page starts after the last
 * id received, the keyset every kit list pages by, so rows written meanwhile
 * neither repeat nor shift the pages. Pages are fetched only as the stream
 * is read: memory holds one page, whatever the size of the product.
 */
import { HttpError, type HttpReply } from '../../platform/http.ts';
import type { ExportTarget } from './target.ts';

export type Row = Record<string, unknown>;
export type RunOperation = (body: { query: string; variables: Record<string, unknown>; operationName: string }) => Promise<HttpReply>;

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export const exportOperation = (target: ExportTarget, selection: string) =>
  `query DpgExport($first: ${target.firstType}, $after: ${target.afterType}) { ${target.field}(first: $first, after: $after) { ${selection} } }`;

export async function* pages(run: RunOperation, target: ExportTarget, selection: string, pageSize: number): AsyncGenerator<Row[]> {
  const query = exportOperation(target, selection);
  let after: unknown = null;
  for (;;) {
    const reply = await run({ query, variables: { first: pageSize, after }, operationName: 'DpgExport' });
    const answer = (typeof reply.body === 'string' ? JSON.parse(reply.body) : reply.body) as Answer;
    const status = reply.status ?? 200;
    // A denied value is a null in its row, as in the GraphQL answer; any other error would make the file incomplete.
    const failure = answer.errors?.find((e) => e.extensions?.code !== 'FORBIDDEN');
    if (status !== 200 || failure) {
      const first = failure ?? answer.errors?.[0];
      throw new HttpError(status === 200 ? 502 : status, `the export stopped: ${first?.message ?? `status ${status}`}`, { code: first?.extensions?.code ?? 'EXPORT_FAILED' });
    }
    const rows = answer.data?.[target.field];
    if (!Array.isArray(rows)) throw new HttpError(502, `the export stopped: no rows for "${target.field}"`, { code: 'EXPORT_FAILED' });
    yield rows as Row[];
    if (rows.length < pageSize) return;
    after = (rows[rows.length - 1] as Row).id;
  }
}
