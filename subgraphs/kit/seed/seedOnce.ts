/**
 * Seeds a domain's tables once per scale. The scale is recorded beside the
 * data, so a restart on a persistent database keeps what is there, and a new
 * `SEED_SCALE` replaces it rather than mixing two sizes.
 */
import type { Database } from '../../../platform/db.ts';
import type { Domain } from '../domain.ts';
import { universe } from './universe.ts';

export async function seedOnce(db: Database, domain: Domain, scale: number): Promise<boolean> {
  await db.exec('CREATE TABLE IF NOT EXISTS seed_state (scale double precision NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())');
  const [current] = await db.query<{ scale: number }>('SELECT scale FROM seed_state');
  if (current?.scale === scale) return false;
  await db.transaction(async (tx) => {
    const tables = await tx.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('schema_migrations', 'seed_state')`,
    );
    if (tables.length) await tx.query(`TRUNCATE ${tables.map((t) => t.table_name).join(', ')} CASCADE`);
    await domain.seed(tx, universe(scale));
    await tx.query('DELETE FROM seed_state');
    await tx.query('INSERT INTO seed_state (scale) VALUES ($1)', [scale]);
  });
  return true;
}
