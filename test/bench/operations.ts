/** What the benchmark asks: the four operations of the issue, and the scale series' query. */

export interface Operation {
  id: string;
  label: string;
  query: string;
  variables?: Record<string, unknown>;
}

const JOIN = `query AccountJoin($first: Int) {
  accounts(first: $first) {
    id name region segment
    opportunities { id amount stage closeDate }
    tickets { id status priority }
    leads { id createdOn campaign { id name channel } }
  }
}`;

export const OPERATIONS: readonly Operation[] = [
  { id: 'join50', label: 'three-domain join, 50 accounts', query: JOIN, variables: { first: 50 } },
  { id: 'join500', label: 'three-domain join, 500 accounts', query: JOIN, variables: { first: 500 } },
  {
    id: 'single',
    label: 'single-entity lookup',
    query: `query OneAccount($id: ID!) { account(id: $id) { id name region tickets { status } acquisitionChannel churnRisk } }`,
    variables: { id: 'acc-000042' },
  },
  {
    id: 'cac',
    label: 'CAC analytics query',
    query: `query Cac { customerAcquisitionCost(first: 200) { quarter channel spend newCustomers cac campaigns { name channel } } }`,
  },
];

/** N tickets (customer success), each joined to its account (sales): two entity types, two subgraphs. */
export const scaleOperation = (entities: number): Operation => ({
  id: `scale${entities}`,
  label: `${entities} tickets with their accounts`,
  query: `query Scale($first: Int) { tickets(first: $first) { id status subject account { id name region } } }`,
  variables: { first: entities },
});
