/**
 * Registry tokens: random, shown once when created, stored only as sha256.
 * Hashing without a salt is enough here because the tokens are long random
 * strings, not passwords a person chose.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../platform/db.ts';
import type { RegistryPrincipal, Role } from './permissions.ts';
import { sha256 } from '../../platform/hash.ts';

export const hashToken = sha256;
export const newToken = () => `dpg_${randomBytes(24).toString('base64url')}`;

export interface CreatedToken {
  id: string;
  team: string;
  role: Role;
  label: string | null;
  /** The secret itself; the registry never shows it again. */
  token: string;
}

export async function createToken(db: Queryable, t: { team: string; role: Role; label: string | null; createdBy: string }): Promise<CreatedToken> {
  const token = newToken();
  const [{ id }] = await db.query<{ id: number }>(`INSERT INTO tokens (hash, team, role, label, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [hashToken(token), t.team, t.role, t.label, t.createdBy]);
  return { id: String(id), team: t.team, role: t.role, label: t.label, token };
}

export async function principalByHash(db: Queryable, hash: string): Promise<RegistryPrincipal | undefined> {
  const [row] = await db.query<{ id: number; team: string; role: Role; label: string | null }>(`SELECT id, team, role, label FROM tokens WHERE hash = $1`, [hash]);
  return row && { ...row, id: String(row.id) };
}
