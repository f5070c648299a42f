/**
 * The governance team's commands: `policy check | test | explain | publish | status`.
 * Policies are checked against the live supergraph (from the registry) unless
 * a supergraph file is given. Tokens are the identity concern's: the
 * dispatcher hands in how to mint and verify them. This file is the table;
 * what each command does is in cli/steps.ts, loaded when one runs.
 */
import type { Command, CommandInput } from '../platform/cli.ts';
import type { Principal } from './principal.ts';

const steps = () => import('./cli/steps.ts');

const schemaOptions = {
  dir: { type: 'string', value: 'DIR', description: 'Policy folder (default policies/rules).' },
  supergraph: { type: 'string', value: 'FILE', description: 'Check against this supergraph file instead of the registry\'s.' },
  local: { type: 'boolean', description: 'Check against the repository\'s own subgraphs, composed here.' },
} as const;

/** How `policy test --gateway` and `policy explain` speak for and recognise principals. */
export interface CliIdentity {
  mint(io: CommandInput['io'], principal: Principal, ttl: string): Promise<string>;
  verify(io: CommandInput['io'], token: string): Promise<Principal>;
}

export const policyCommands = (identity: CliIdentity): Command[] => [
  {
    name: 'policy check',
    summary: 'Validate the policy files against their schema and the supergraph; file:line messages, exit 1 on any problem (warnings do not fail).',
    options: schemaOptions,
    run: async (input) => (await steps()).check(input),
  },
  {
    name: 'policy test',
    summary: 'Run policies/tests/*.yaml: decisions against the supergraph, and with --gateway the live responses too.',
    options: {
      ...schemaOptions,
      tests: { type: 'string', value: 'DIR', description: 'Test case folder (default policies/tests).' },
      gateway: { type: 'string', value: 'URL', description: 'Also run each case against this gateway (tokens signed with JWT_SECRET or the dev secret).' },
    },
    run: async (input) => (await steps()).test(input, identity),
  },
  {
    name: 'policy explain',
    summary: 'Print every field\'s decision and the rule that made it, and the rows each type shows, for a token and a query.',
    options: {
      ...schemaOptions,
      token: { type: 'string', value: 'JWT', description: 'The caller\'s token.', required: true },
      query: { type: 'string', value: 'GRAPHQL', description: 'The operation (or @file).', required: true },
      'operation-name': { type: 'string', value: 'NAME', description: 'Which operation of the document.' },
    },
    run: async (input) => (await steps()).explain(input, identity),
  },
  {
    name: 'policy publish',
    summary: 'Publish the policy folder to the registry as a new versioned bundle (refused, and nothing changes, when it does not validate).',
    options: { dir: schemaOptions.dir },
    run: async (input) => (await steps()).publish(input),
  },
  {
    name: 'policy status',
    summary: 'The policy version and problems of every service: the gateway and each subgraph of the supergraph. Exit 1 when they disagree, any has problems, or any cannot be reached.',
    options: {
      gateway: { type: 'string', value: 'URL', description: 'The gateway (default http://127.0.0.1:4000).' },
      supergraph: schemaOptions.supergraph,
    },
    run: async (input) => (await import('./cli/status.ts')).status(input),
  },
];
