/**
 * The README's example operations, in one place: GraphiQL opens them as
 * ready tabs, and a test holds them to the README (examples.test.ts), so the
 * two cannot drift. Each `query` is the README's text exactly; the tab adds
 * the operation name and a comment saying which role shows it best.
 */
import { parse, print } from 'graphql';

export interface ExampleOperation {
  /** Operation name the tab runs it under (and its title). */
  name: string;
  /** One line on what it shows. */
  about: string;
  /** The demo role that sees the interesting answer, for `dpg token --role`. */
  role: string;
  /** The README's query text, verbatim. */
  query: string;
}

export const EXAMPLES: readonly ExampleOperation[] = [
  {
    name: 'ThreeDomains',
    about: 'Accounts from sales with their contacts and deals, and tickets from customer success, joined in one request. As an analyst, emails come back masked and deal amounts denied.',
    role: 'analyst',
    query: '{ accounts(first: 2, filter: { region: EMEA }) { name region contacts(first: 1) { email } opportunities(first: 2) { amount stage } tickets(first: 2) { status } } }',
  },
  {
    name: 'CustomerAcquisitionCost',
    about: 'Derived by the analytics domain from marketing spend and sales wins.',
    role: 'analyst',
    query: '{ customerAcquisitionCost(filter: { quarter: "2025-Q2" }) { quarter channel spend newCustomers cac } }',
  },
  {
    name: 'ExperimentResults',
    about: "The 3-vs-4-rounds experiment, joined back to gameplay's experiment.",
    role: 'analyst',
    query: '{ experimentResults { variant players churnRate averageSessionSeconds experiment { name hypothesis } } }',
  },
  {
    name: 'SalesDataProducts',
    about: 'What exists: the data-product catalog, from the same endpoint.',
    role: 'analyst',
    query: '{ dataProducts(filter: { domain: "sales" }) { id name team freshness classification clients { client requests } } }',
  },
  {
    name: 'ClosedWonInQ1',
    about: 'Paging and filters, the way BI tools ask.',
    role: 'exec',
    query: '{ opportunities(first: 100, after: "acc-000010-o1", filter: { stage: CLOSED_WON, closedFrom: "2025-01-01", closedTo: "2025-03-31" }) { id amount closeDate account { name } } }',
  },
  {
    name: 'Denials',
    about: 'The audit trail: every denial, for the governance team.',
    role: 'governance',
    query: '{ auditEvents(filter: { decision: DENY }) { at subject coordinate rule source policyVersion } }',
  },
];

/** Words of `text` in `# ` comment lines of at most `width` characters. */
function comment(text: string, width = 52): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + word.length < width) lines[last] += ` ${word}`;
    else lines.push(`# ${word}`);
  }
  return lines;
}

/** The text of a GraphiQL tab: what it shows, who to sign in as, then the named operation. */
export function exampleTab(e: ExampleOperation): string {
  return [
    ...comment(e.about),
    `# Sign in as ${e.role}:`,
    `#   dpg token --sub you --role ${e.role}`,
    print(parse(`query ${e.name} ${e.query}`)),
  ].join('\n');
}
