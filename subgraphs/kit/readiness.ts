/**
 * When a subgraph is ready: it listens only once migrated and seeded, and is
 * ready once the registry holds its schema too (published, or unchanged since
 * its last publish), its policy is checked against a supergraph with it in,
 * and the domain's own check (e.g. analytics' first refresh) passes.
 */
import type { PublishState } from './publish.ts';

export function publishReason(name: string, publish: PublishState | undefined): string | undefined {
  if (!publish) return undefined; // not announcing itself (tests that publish by hand)
  if (publish.state === 'published') return undefined;
  if (publish.state === 'rejected') return `the registry refused ${name}'s schema (HTTP ${publish.status}); see its log or \`dpg subgraph check\``;
  return `not published to the registry yet${publish.attempts ? ` (attempt ${publish.attempts}: ${publish.lastError ?? 'no answer'})` : ''}`;
}
