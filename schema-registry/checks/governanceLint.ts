/** The governance team's lint rules (policies/lint/) over the proposed schema and descriptor. */
import { parse } from 'graphql';
import { lint } from '../../policies/lint/index.ts';
import type { Check } from './context.ts';

export const governanceLint: Check = {
  id: 'governance-lint',
  description: 'The schema and data-product descriptor follow the rules in policies/lint.yaml.',
  run({ proposal, lintConfig }) {
    let schema;
    try {
      schema = parse(proposal.sdl);
    } catch {
      return []; // composition reports the syntax error with its location
    }
    return lint(schema, proposal.dataProduct, lintConfig).map(({ rule, ...f }) => ({ check: 'governance-lint', code: rule, subgraph: proposal.name, ...f }));
  },
};
