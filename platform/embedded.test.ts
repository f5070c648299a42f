import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Random } from '../subgraphs/kit/seed/random.ts';
import { openDatabase, type Database } from './db.ts';
import { DataDirUnusableError, embeddedCluster } from './embedded.ts';

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

  it('answers across its thread as PGlite would: values, PostgreSQL errors with their fields, rolled-back transactions', async () => {
    const cluster = embeddedCluster('memory');
    const db = await attach(cluster, 'values');
    const [row] = await db.query(`SELECT 9007199254740991::int8 AS big, 12.50::numeric AS amount, DATE '2026-12-02' AS day,
      TIMESTAMPTZ '2026-12-02 10:00:00+00' AS at, '{"a": [1, "x"]}'::jsonb AS doc, '\\x00ff'::bytea AS bytes, ARRAY[1, 2] AS list, NULL::int8 AS none, $1::text AS echoed`, ['é ✓']);
    expect(row).toEqual({
      big: 9007199254740991,
      amount: 12.5,
      day: '2026-12-02',
      at: new Date('2026-12-02T10:00:00Z'),
      doc: { a: [1, 'x'] },
      bytes: new Uint8Array([0, 255]),
      list: [1, 2],
      none: null,
      echoed: 'é ✓',
    });

    const missing = await db.query('SELECT * FROM nowhere').catch((e) => e);
    expect(missing).toBeInstanceOf(Error);
    expect(missing).toMatchObject({ code: '42P01', message: expect.stringMatching(/nowhere/) });
    await db.exec('ALTER TABLE t ADD CONSTRAINT one_each UNIQUE (owner, n)');
    await db.query('INSERT INTO t VALUES ($1, 1)', ['values']);
    const duplicate = await db.query('INSERT INTO t VALUES ($1, 1)', ['values']).catch((e) => e);
    expect(duplicate).toMatchObject({ code: '23505', constraint: 'one_each' });

    // A parameter that cannot cross to the thread fails its statement only.
    await expect(db.query('SELECT $1::text AS x', [() => 1])).rejects.toThrow(/cannot be sent to the embedded database/);
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);

    // A transaction that throws leaves nothing, and the connection serves on.
    await expect(db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES ($1, 2)', ['values']);
      await tx.query('INSERT INTO t VALUES ($1, 1)', ['values']);
    })).rejects.toMatchObject({ code: '23505' });
    expect(await db.query('SELECT n FROM t ORDER BY n')).toEqual([{ n: 1 }]);
  });

  it('does not keep a process alive once idle, as PGlite on the main thread would not', () => {
    const script = `
      import { openDatabase } from './platform/db.ts';
      const db = await openDatabase({ dataDir: 'memory', schema: 'idle' });
      console.log(JSON.stringify(await db.query('SELECT 1 AS one')));
      // Not closed: the process must still end on its own.
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: path.join(import.meta.dirname, '..'), encoding: 'utf8', timeout: 90_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('[{"one":1}]');
    expect(run.status).toBe(0);
  });

  it('refuses a damaged data directory clearly, touches nothing in it, and frees it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-damaged-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'PG_VERSION'), 'not a version\n');
    for (let attempt = 0; attempt < 2; attempt++) {
      // Twice: the first attempt released its lock (the second is not told the directory is in use).
      const err = await embeddedCluster(dir).attach('alpha').catch((e) => e);
      expect(err).toBeInstanceOf(DataDirUnusableError);
      expect(err.message).toContain(`the embedded database ${dir} could not be opened`);
      expect(err.message).toContain(`mv "${dir}" "${dir}.broken"`);
    }
    expect(fs.readdirSync(dir)).toEqual(['PG_VERSION']);
    expect(fs.readFileSync(path.join(dir, 'PG_VERSION'), 'utf8')).toBe('not a version\n');
  });
});
