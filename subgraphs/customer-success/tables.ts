/** How the customer-success tables back its types, and which filters each list takes. */
import { defineTable, eq, from, to } from '../kit/table.ts';

export const tickets = defineTable({
  type: 'Ticket',
  table: 'tickets',
  key: 'id',
  columns: { id: 'id', accountId: 'account_id', subject: 'subject', status: 'status', priority: 'priority', openedOn: 'opened_on', resolvedOn: 'resolved_on' },
  filters: { status: eq('status'), priority: eq('priority'), accountId: eq('account_id'), openedFrom: from('opened_on'), openedTo: to('opened_on') },
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
