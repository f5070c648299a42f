/**
 * How export rows are written: CSV as RFC 4180 says (CRLF line ends, a field
 * quoted when it holds a comma, quote, CR or LF, quotes doubled), UTF-8 with
 * a byte-order mark so Excel reads accents right; or NDJSON, one JSON object
 * per line, each the row exactly as the GraphQL answer holds it. Pure.
 */
import type { Column } from './columns.ts';

export type ExportFormat = 'csv' | 'ndjson';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** UTF-8 byte-order mark: Excel opens a CSV without it in the machine's legacy code page. */
export const BOM = '\uFEFF';

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: readonly unknown[]): string => `${fields.map(csvField).join(',')}\r\n`;

export const csvHeader = (columns: readonly Column[]): string => csvLine(columns.map((c) => c.name));

export const csvRow = (columns: readonly Column[], row: Record<string, unknown>): string => csvLine(columns.map((c) => valueAt(row, c.path)));

export const ndjsonRow = (row: Record<string, unknown>): string => `${JSON.stringify(row)}\n`;

function valueAt(row: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = row;
  for (const key of path) value = value === null || value === undefined ? value : (value as Record<string, unknown>)[key];
  return value;
}
