/**
 * The registry's tables, read and written through a Queryable so every
 * function can run inside the publish transaction. History rows are only
 * ever inserted; "current" is a pointer per subgraph.
 */
import type { Queryable } from '../platform/db.ts';
import type { DomainDescriptor } from '../policies/dataProduct.ts';

export interface SubgraphVersion {
  subgraph: string;
  version: number;
  sdl: string;
  url: string;
  dataProduct: DomainDescriptor | null;
  hash: string;
  publishedAt: string;
  publishedBy: string | null;
  /** The publisher's own name for the version (a git SHA, a release number). */
  label: string | null;
}

export interface SupergraphVersion {
  id: number;
  sdl: string;
  hash: string;
  subgraphs: Record<string, number>;
  reason: string;
  createdAt: string;
}

const VERSION_COLUMNS = `v.subgraph, v.version, v.sdl, v.url, v.data_product AS "dataProduct", v.hash, v.published_at AS "publishedAt", v.published_by AS "publishedBy", v.label`;
const SUPERGRAPH_COLUMNS = `id, sdl, hash, subgraphs, reason, created_at AS "createdAt"`;

const iso = <T extends { publishedAt?: unknown; createdAt?: unknown }>(row: T): T => ({
  ...row,
  ...(row.publishedAt instanceof Date ? { publishedAt: row.publishedAt.toISOString() } : {}),
  ...(row.createdAt instanceof Date ? { createdAt: row.createdAt.toISOString() } : {}),
});

/** The live version of every subgraph, by name. */
export async function currentVersions(db: Queryable): Promise<SubgraphVersion[]> {
  const rows = await db.query<SubgraphVersion>(
    `SELECT ${VERSION_COLUMNS} FROM subgraphs s JOIN subgraph_versions v ON v.subgraph = s.name AND v.version = s.current_version ORDER BY s.name`,
  );
  return rows.map(iso);
}

export async function versionOf(db: Queryable, subgraph: string, version: number): Promise<SubgraphVersion | undefined> {
  const [row] = await db.query<SubgraphVersion>(`SELECT ${VERSION_COLUMNS} FROM subgraph_versions v WHERE v.subgraph = $1 AND v.version = $2`, [subgraph, version]);
  return row && iso(row);
}

export async function history(db: Queryable, subgraph: string): Promise<(Omit<SubgraphVersion, 'sdl' | 'dataProduct'> & { current: boolean })[]> {
  const rows = await db.query<SubgraphVersion & { current: boolean }>(
    `SELECT v.subgraph, v.version, v.url, v.hash, v.published_at AS "publishedAt", v.published_by AS "publishedBy", v.label, COALESCE(s.current_version = v.version, false) AS current
     FROM subgraph_versions v LEFT JOIN subgraphs s ON s.name = v.subgraph WHERE v.subgraph = $1 ORDER BY v.version`,
    [subgraph],
  );
  return rows.map(iso);
}

/** Stores a new immutable version and makes it current; returns its number. */
export async function insertVersion(db: Queryable, v: Omit<SubgraphVersion, 'version' | 'publishedAt'>): Promise<number> {
  const [{ next }] = await db.query<{ next: number }>(`SELECT COALESCE(max(version), 0) + 1 AS next FROM subgraph_versions WHERE subgraph = $1`, [v.subgraph]);
  await db.query(`INSERT INTO subgraph_versions (subgraph, version, sdl, url, data_product, hash, published_by, label) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
    v.subgraph,
    next,
    v.sdl,
    v.url,
    v.dataProduct === null ? null : JSON.stringify(v.dataProduct),
    v.hash,
    v.publishedBy,
    v.label,
  ]);
  await setCurrent(db, v.subgraph, next);
  return next;
}

export async function setCurrent(db: Queryable, subgraph: string, version: number): Promise<void> {
  await db.query(
    `INSERT INTO subgraphs (name, current_version) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET current_version = EXCLUDED.current_version, updated_at = now()`,
    [subgraph, version],
  );
}

export async function latestSupergraph(db: Queryable): Promise<SupergraphVersion | undefined> {
  const [row] = await db.query<SupergraphVersion>(`SELECT ${SUPERGRAPH_COLUMNS} FROM supergraph_versions ORDER BY id DESC LIMIT 1`);
  return row && iso(row);
}

/** Id and hash of the newest supergraph: all a poll that already has it needs (every service polls). */
export async function latestSupergraphHash(db: Queryable): Promise<{ id: number; hash: string } | undefined> {
  const [row] = await db.query<{ id: number; hash: string }>(`SELECT id, hash FROM supergraph_versions ORDER BY id DESC LIMIT 1`);
  return row;
}

export async function supergraphHistory(db: Queryable, limit = 100): Promise<Omit<SupergraphVersion, 'sdl'>[]> {
  const rows = await db.query<SupergraphVersion>(`SELECT id, hash, subgraphs, reason, created_at AS "createdAt" FROM supergraph_versions ORDER BY id DESC LIMIT $1`, [limit]);
  return rows.map(iso);
}

/** Up to `limit` supergraphs older than `beforeId` (all when undefined), newest first. */
export async function supergraphsBefore(db: Queryable, beforeId: number | undefined, limit: number): Promise<Pick<SupergraphVersion, 'id' | 'sdl' | 'hash' | 'createdAt'>[]> {
  const rows = await db.query<SupergraphVersion>(
    `SELECT id, sdl, hash, created_at AS "createdAt" FROM supergraph_versions WHERE ($1::bigint IS NULL OR id < $1::bigint) ORDER BY id DESC LIMIT $2`,
    [beforeId ?? null, limit],
  );
  return rows.map(iso);
}

/** The version of `subgraph` published under `label`, newest first when a label was reused. */
export async function versionLabelled(db: Queryable, subgraph: string, label: string): Promise<number | undefined> {
  const [row] = await db.query<{ version: number }>(`SELECT version FROM subgraph_versions WHERE subgraph = $1 AND label = $2 ORDER BY version DESC LIMIT 1`, [subgraph, label]);
  return row?.version;
}

export async function insertSupergraph(db: Queryable, s: Omit<SupergraphVersion, 'id' | 'createdAt'>): Promise<number> {
  const [{ id }] = await db.query<{ id: number }>(`INSERT INTO supergraph_versions (sdl, hash, subgraphs, reason) VALUES ($1, $2, $3, $4) RETURNING id`, [
    s.sdl,
    s.hash,
    JSON.stringify(s.subgraphs),
    s.reason,
  ]);
  return id;
}

/**
 * Serializes registry writes across every replica sharing the database: the
 * lock is held until the surrounding transaction ends, so two publishes never
 * compose against the same stale set of subgraphs.
 */
export async function lockRegistry(db: Queryable): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(4100)`);
}
