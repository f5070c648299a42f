/** How the sales tables back the sales types, which filters each list takes, and how rows relate to their account. */
import { contains, defineTable, eq, from, oneOf, through, to } from '../kit/table.ts';

export const accounts = defineTable({
  type: 'Account',
  table: 'accounts',
  key: 'id',
  columns: { id: 'id', name: 'name', industry: 'industry', segment: 'segment', region: 'region', createdOn: 'created_on', customerSince: 'customer_since' },
  filters: { region: eq('region'), segment: eq('segment'), industry: eq('industry'), nameContains: contains('name'), customerFrom: from('customer_since'), customerTo: to('customer_since') },
});

export const contacts = defineTable({
  type: 'Contact',
  table: 'contact_facts',
  key: 'id',
  columns: { id: 'id', accountId: 'account_id', name: 'name', email: 'email', phone: 'phone', title: 'title', region: 'region' },
  filters: { accountId: eq('account_id', 'Contact.account'), title: eq('title'), region: eq('region'), emailContains: contains('email') },
  relations: { account: through(accounts, 'accountId') },
});

export const opportunities = defineTable({
  type: 'Opportunity',
  table: 'opportunities',
  key: 'id',
  columns: { id: 'id', accountId: 'account_id', name: 'name', amount: 'amount', stage: 'stage', closeDate: 'close_date', owner: 'owner', region: 'region' },
  filters: { stage: eq('stage'), stages: oneOf('stage'), region: eq('region'), owner: eq('owner'), closedFrom: from('close_date'), closedTo: to('close_date') },
  relations: { account: through(accounts, 'accountId') },
});
