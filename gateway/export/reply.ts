/**
 * The HTTP reply of an export: the first page is fetched before answering,
 * so a refused export is a GraphQL-shaped 4xx; a failure after rows were
 * sent aborts the transfer, so a partial file never looks complete. gzip
 * when the client accepts it.
 */
import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { HttpReply, HttpRequest } from '../../platform/http.ts';
import type { Logger } from '../../platform/log.ts';
import type { Column } from './columns.ts';
import { BOM, CONTENT_TYPES, csvHeader, csvRow, ndjsonRow, type ExportFormat } from './format.ts';
import type { Row } from './pages.ts';

export interface ExportReply {
  format: ExportFormat;
  columns: readonly Column[];
  /** The file name offered, without extension. */
  name: string;
  headers?: Record<string, string>;
}

export async function streamExport(req: HttpRequest, rows: AsyncGenerator<Row[]>, what: ExportReply, logger: Logger): Promise<HttpReply> {
  const first = await rows.next();
  const stream = Readable.from(encode(what.format, what.columns, first, rows), { objectMode: false });
  stream.on('error', (err) => logger.warn({ err: (err as Error).message, list: what.name }, 'export aborted after it started'));
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  return {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPES[what.format],
      'content-disposition': `attachment; filename="${what.name}.${what.format}"`,
      'cache-control': 'no-store',
      'x-dpg-columns': what.columns.map((c) => c.name).join(', '),
      ...what.headers,
      ...(gzip ? { 'content-encoding': 'gzip', vary: 'Accept-Encoding' } : {}),
    },
    body: gzip ? pipeline(stream, createGzip(), () => undefined) : stream,
  };
}

async function* encode(format: ExportFormat, columns: readonly Column[], first: IteratorResult<Row[]>, rest: AsyncGenerator<Row[]>): AsyncGenerator<string> {
  if (format === 'csv') yield BOM + csvHeader(columns);
  let page = first;
  while (!page.done) {
    yield page.value.map((row) => (format === 'csv' ? csvRow(columns, row) : ndjsonRow(row))).join('');
    page = await rest.next();
  }
}
