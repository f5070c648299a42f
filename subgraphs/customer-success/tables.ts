/** How the customer-success tables back its types, which filters each list takes, and what tickets carry of their account. */
import { carrying, defineTable, eq, from, to } from '../kit/table.ts';

export const tickets = defineTable({
  type: 'Ticket',
  table: 'tickets',
  key: 'id',
  columns: { id: 'id', accountId: 'account_id', accountRegion: 'account_region', subject: 'subject', status: 'status', priority: 'priority', openedOn: 'opened_on', resolvedOn: 'resolved_on' },
  filters: { status: eq('status'), priority: eq('priority'), accountId: eq('account_id', 'Ticket.account'), openedFrom: from('opened_on'), openedTo: to('opened_on') },
  // Accounts belong to sales; a ticket carries the account's key and region, so access to tickets can follow access to accounts.
  relations: { account: carrying({ id: 'accountId', region: 'accountRegion' }) },
});

export const npsResponses = defineTable({
  type: 'NpsResponse',
  table: 'nps_responses',
  key: 'id',
  columns: { id: 'id', accountId: 'account_id', score: 'score', respondedOn: 'responded_on', comment: 'comment' },
});

export const accountHealth = defineTable({
  type: 'Account',
  table: 'account_health',
  key: 'accountId',
  columns: { accountId: 'account_id', churnRisk: 'churn_risk', health: 'health', renewalOn: 'renewal_on' },
  filters: { minChurnRisk: from('churn_risk') },
});
