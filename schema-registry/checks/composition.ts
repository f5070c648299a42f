/** The proposal composes with every other live subgraph: errors exactly as composition reports them. */
import type { CompositionProblem } from '../compose.ts';
import type { Check } from './context.ts';
import type { Finding } from './finding.ts';

export function compositionFindings(errors: readonly CompositionProblem[], subgraph: string): Finding[] {
  return errors.map((e) => ({
    check: 'composition',
    severity: 'error',
    code: e.code,
    message: e.message,
    subgraph: e.subgraph ?? subgraph,
    ...(e.locations?.[0] ? { location: e.locations[0] } : {}),
  }));
}

export const composition: Check = {
  id: 'composition',
  description: 'The schema parses and composes with the live versions of every other subgraph.',
  run({ proposal, live, composed }) {
    if (!composed.ok) return compositionFindings(composed.errors, proposal.name);
    const others = live.filter((v) => v.subgraph !== proposal.name).map((v) => v.subgraph);
    return [{ check: 'composition', severity: 'info', code: 'COMPOSES', message: others.length ? `composes with ${others.join(', ')}` : 'composes on its own (no other subgraph is live)', subgraph: proposal.name }];
  },
};
