/** Bulk loading for seeds: multi-row INSERTs in chunks, far faster than a row at a time. */
import type { Queryable } from '../../../platform/db.ts';
import { ident } from '../../../platform/db.ts';

const MAX_PARAMS = 30_000; // PostgreSQL allows 65535 parameters per statement

export async function insertRows(db: Queryable, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).map(ident);
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => `(${columns.map((c) => `$${params.push(row[c])}`).join(', ')})`);
    await db.query(`INSERT INTO ${ident(table)} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}
