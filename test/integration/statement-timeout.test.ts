/**
 * On PostgreSQL a statement carries the time its request has left
 * (platform/db.ts: statement_timeout per pooled connection): past it the
 * server cancels the statement (57014), and a later statement without a
 * timeout on the same pool is not limited by the one before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../platform/db.ts';
import { database } from '../support/mesh.ts';
import { createTestDatabase, postgresAvailable } from '../support/services.ts';

const run = database === 'postgres' && (await postgresAvailable());

describe.runIf(run)('statement timeouts on PostgreSQL', () => {
  let db: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await createTestDatabase();
    drop = created.drop;
    db = await openDatabase({ url: created.url, schema: 'timeouts', poolSize: 3 });
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it('cancels a statement at its timeout, and statements without one on the same connections run to the end', async () => {
    await expect(db.query('SELECT pg_sleep(5)', [], { timeoutMs: 200 })).rejects.toMatchObject({ code: '57014' });
    await expect(Promise.all([1, 2, 3].map(() => db.query('SELECT pg_sleep(3)', [], { timeoutMs: 500 })))).rejects.toMatchObject({ code: '57014' });
    // Every pooled connection now had a timeout of one second; these take longer and must not be cut.
    const slow = await Promise.all([1, 2, 3].map(() => db.query<{ done: boolean }>('SELECT pg_sleep(1.5) IS NOT NULL AS done')));
    expect(slow.map((rows) => rows[0].done)).toEqual([true, true, true]);
    const inTransaction = await db.transaction((tx) => tx.query<{ done: boolean }>('SELECT pg_sleep(1.5) IS NOT NULL AS done'));
    expect(inTransaction[0].done).toBe(true);
  });
});
