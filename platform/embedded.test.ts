import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Random } from '../subgraphs/kit/seed/random.ts';
import { openDatabase, type Database } from './db.ts';
import { embeddedCluster } from './embedded.ts';

// Creating a cluster runs PostgreSQL's initdb in WebAssembly: seconds on a busy machine.
describe('one embedded cluster shared by several services', { timeout: 120_000 }, () => {
  const open: Database[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const attach = async (cluster: ReturnType<typeof embeddedCluster>, schema: string) => {
    const db = await openDatabase({ cluster, schema });
    open.push(db);
    await db.exec('CREATE TABLE t (owner text NOT NULL, n int NOT NULL)');
    return db;
  };

  it('keeps every service in its own schema whatever the interleaving of statements and transactions', async () => {
    const cluster = embeddedCluster('memory');
    const services = await Promise.all(['alpha', 'beta', 'gamma'].map(async (name) => ({ name, db: await attach(cluster, name), rows: 0 })));
    const random = new Random('embedded-cluster');
    const work: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      const s = services[Math.floor(random.next() * services.length)];
      const kind = random.next();
      if (kind < 0.4) {
        s.rows++;
        work.push(s.db.query('INSERT INTO t VALUES ($1, $2)', [s.name, i]).then(() => {}));
      } else if (kind < 0.6) {
        s.rows += 2;
        work.push(s.db.transaction(async (tx) => {
          await tx.query('INSERT INTO t VALUES ($1, $2)', [s.name, i]);
          await new Promise((r) => setTimeout(r, 1)); // others queue meanwhile
          await tx.query('INSERT INTO t VALUES ($1, $2)', [s.name, -i]);
        }));
      } else if (kind < 0.65) {
        // A transaction that throws leaves nothing behind, and the others go on.
        work.push(s.db.transaction(async (tx) => {
          await tx.query('INSERT INTO t VALUES ($1, $2)', [s.name, i]);
          throw new Error('rolled back');
        }).then(() => expect.unreachable(), (err) => expect((err as Error).message).toBe('rolled back')));
      } else if (kind < 0.7) {
        // A failing statement leaves the queue and the schema as they were.
        work.push(s.db.query('SELECT * FROM no_such_table').then(() => expect.unreachable(), () => {}));
      } else {
        work.push(s.db.query<{ owner: string }>('SELECT DISTINCT owner FROM t').then((rows) => expect(rows.every((r) => r.owner === s.name)).toBe(true)));
      }
    }
    await Promise.all(work);
    for (const s of services) {
      const [{ count, owners }] = await s.db.query<{ count: number; owners: string[] }>('SELECT count(*)::int AS count, array_agg(DISTINCT owner) AS owners FROM t');
      expect({ count, owners }).toEqual({ count: s.rows, owners: s.rows ? [s.name] : null });
    }
  });

  it('stays open while any service holds it, and frees its directory when the last one closes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-cluster-'));
    dirs.push(dir);
    const cluster = embeddedCluster(path.join(dir, 'pglite'));
    const a = await attach(cluster, 'alpha');
    const b = await attach(cluster, 'beta');
    await a.query('INSERT INTO t VALUES ($1, 1)', ['alpha']);
    await open.shift()!.close();
    await expect(a.query('SELECT n FROM t')).rejects.toThrow(/closed/);
    await b.query('INSERT INTO t VALUES ($1, 2)', ['beta']);
    expect(await b.query('SELECT owner, n FROM t')).toEqual([{ owner: 'beta', n: 2 }]);
    // What was asked before the last close still runs; what is asked after is refused.
    const pending = b.query('SELECT n FROM t');
    await open.shift()!.close();
    expect(await pending).toEqual([{ n: 2 }]);
    await expect(b.query('SELECT n FROM t')).rejects.toThrow(/closed/);

    // Another process-wide cluster on the same directory opens, and finds both schemas' rows.
    const again = embeddedCluster(path.join(dir, 'pglite'));
    const alpha = await openDatabase({ cluster: again, schema: 'alpha' });
    open.push(alpha);
    expect(await alpha.query('SELECT owner, n FROM t')).toEqual([{ owner: 'alpha', n: 1 }]);
  });
});
