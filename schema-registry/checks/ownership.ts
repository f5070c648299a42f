/**
 * Whether the caller may ship this subgraph, and whether the descriptor's
 * team matches the owner — so a team learns in CI, not at merge, that it is
 * about to publish under someone else's name.
 */
import { decideWrite } from '../auth/permissions.ts';
import type { Check } from './context.ts';
import type { Finding } from './finding.ts';

export const ownership: Check = {
  id: 'ownership',
  description: 'The token\'s team owns the subgraph (or may act for every team), and the descriptor names the owning team.',
  run({ proposal, owner, principal }) {
    const finding = (severity: Finding['severity'], code: string, message: string, fix?: string): Finding[] => [{ check: 'ownership', severity, code, message, subgraph: proposal.name, ...(fix ? { fix } : {}) }];
    const descriptorTeam = proposal.dataProduct?.team ?? null;
    if (!principal) return finding('info', 'NOT_CHECKED', `sent without a token, so ownership was not checked${owner ? `; ${proposal.name} belongs to team ${owner}` : ''}`, 'Set DPG_TOKEN to your team\'s registry token.');
    const decision = decideWrite(principal, proposal.name, owner, descriptorTeam);
    if (!decision.allowed) return finding('error', 'FORBIDDEN', decision.reason, `Publish with a token of team ${owner}, or ask the governance team.`);
    const team = owner ?? decision.claimFor!;
    if (descriptorTeam && descriptorTeam !== team) {
      return finding('error', 'TEAM_MISMATCH', `data-product.yaml names team ${descriptorTeam}, but ${proposal.name} ${owner ? 'belongs' : 'would belong'} to team ${team}`, `Set \`team: ${team}\` in data-product.yaml, or publish with a token of team ${descriptorTeam}.`);
    }
    return finding('info', owner ? 'OWNED' : 'CLAIMS', owner ? `${proposal.name} belongs to team ${owner}` : `first publish: claims ${proposal.name} for team ${team}`);
  },
};
