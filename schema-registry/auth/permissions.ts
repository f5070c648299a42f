/**
 * Who may do what in the registry, as a table of roles rather than branches.
 * A team owns its subgraph names; governance and admin act for any team (the
 * subgraphs publish at start with such a token); a gateway token can only
 * report usage. Reads that reveal usage need a token. Pure: callers pass
 * the principal and the current owner.
 */

export const ROLES = ['admin', 'governance', 'team', 'gateway'] as const;
export type Role = (typeof ROLES)[number];

export interface RegistryPrincipal {
  /** Token id, or "bootstrap" for REGISTRY_ADMIN_TOKEN. */
  id: string;
  team: string;
  role: Role;
  label: string | null;
}

interface RolePermissions {
  /** Publish and roll back subgraphs owned by any team. */
  actsForAnyTeam: boolean;
  /** Publish and roll back the subgraphs of its own team (and claim unowned names). */
  writesOwnSubgraphs: boolean;
  reportsUsage: boolean;
  /** Sees people (user subjects) among the clients the catalog lists; others see applications and API keys only. */
  seesPeopleInCatalog: boolean;
  /** Roles of the tokens it may create. */
  createsTokens: readonly Role[];
}

const PERMISSIONS: Record<Role, RolePermissions> = {
  admin: { actsForAnyTeam: true, writesOwnSubgraphs: true, reportsUsage: true, seesPeopleInCatalog: true, createsTokens: ROLES },
  governance: { actsForAnyTeam: true, writesOwnSubgraphs: true, reportsUsage: true, seesPeopleInCatalog: true, createsTokens: ['governance', 'team', 'gateway'] },
  team: { actsForAnyTeam: false, writesOwnSubgraphs: true, reportsUsage: false, seesPeopleInCatalog: false, createsTokens: [] },
  gateway: { actsForAnyTeam: false, writesOwnSubgraphs: false, reportsUsage: true, seesPeopleInCatalog: false, createsTokens: [] },
};

export const TEAM_NAME = /^[a-z][a-z0-9-]{0,62}$/;

export type WriteDecision = { allowed: true; claimFor: string | null } | { allowed: false; reason: string };

/**
 * May `principal` publish or roll back subgraph `subgraph`, currently owned by
 * `owner` (null: never published)? The first write claims the name: for the
 * principal's team, or — when governance/admin publish on a team's behalf —
 * for the team the descriptor names.
 */
export function decideWrite(principal: RegistryPrincipal, subgraph: string, owner: string | null, descriptorTeam: string | null): WriteDecision {
  const p = PERMISSIONS[principal.role];
  if (!p.writesOwnSubgraphs && !p.actsForAnyTeam) return { allowed: false, reason: `a ${principal.role} token cannot publish or roll back subgraphs` };
  if (owner === null) return { allowed: true, claimFor: p.actsForAnyTeam && descriptorTeam ? descriptorTeam : principal.team };
  if (p.actsForAnyTeam || owner === principal.team) return { allowed: true, claimFor: null };
  return { allowed: false, reason: `subgraph "${subgraph}" belongs to team ${owner}; this token is team ${principal.team}'s` };
}

/**
 * May `principal` operate subgraph `subgraph` (drop its caches, recompute
 * its derived products): the teams that may write it, without the claim a
 * first publish makes.
 */
export function decideOperate(principal: RegistryPrincipal, subgraph: string, owner: string | null): { allowed: true } | { allowed: false; reason: string } {
  const p = PERMISSIONS[principal.role];
  if (p.actsForAnyTeam) return { allowed: true };
  if (!p.writesOwnSubgraphs) return { allowed: false, reason: `a ${principal.role} token cannot operate subgraphs` };
  if (owner === principal.team) return { allowed: true };
  return { allowed: false, reason: owner ? `subgraph "${subgraph}" belongs to team ${owner}; this token is team ${principal.team}'s` : `subgraph "${subgraph}" has no owner yet` };
}

export const mayReportUsage = (principal: RegistryPrincipal) => PERMISSIONS[principal.role].reportsUsage;

/**
 * Which clients the catalog names for a caller: usage is never shown without
 * a token, and people (user subjects) only to governance and admin.
 */
export type CatalogClients = 'none' | 'applications' | 'all';
export const catalogClientsFor = (principal: RegistryPrincipal | undefined): CatalogClients =>
  !principal ? 'none' : PERMISSIONS[principal.role].seesPeopleInCatalog ? 'all' : 'applications';

export function decideTokenCreation(principal: RegistryPrincipal, role: Role): { allowed: true } | { allowed: false; reason: string } {
  return PERMISSIONS[principal.role].createsTokens.includes(role) ? { allowed: true } : { allowed: false, reason: `a ${principal.role} token cannot create ${role} tokens` };
}

/** How a principal appears in history ("published by"). */
export const describePrincipal = (p: RegistryPrincipal) => (p.label ? `${p.label} (${p.team}, ${p.role})` : `${p.team} ${p.role} token ${p.id}`);
