/** Which team owns each subgraph name. */
import type { Queryable } from '../../platform/db.ts';

export async function ownerOf(db: Queryable, subgraph: string): Promise<string | null> {
  const [row] = await db.query<{ team: string }>(`SELECT team FROM owners WHERE subgraph = $1`, [subgraph]);
  return row?.team ?? null;
}

export async function allOwners(db: Queryable): Promise<Map<string, string>> {
  const rows = await db.query<{ subgraph: string; team: string }>(`SELECT subgraph, team FROM owners`);
  return new Map(rows.map((r) => [r.subgraph, r.team]));
}

export async function claim(db: Queryable, subgraph: string, team: string, claimedBy: string): Promise<void> {
  await db.query(`INSERT INTO owners (subgraph, team, claimed_by) VALUES ($1, $2, $3) ON CONFLICT (subgraph) DO NOTHING`, [subgraph, team, claimedBy]);
}
