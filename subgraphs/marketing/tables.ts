/** How the marketing tables back the marketing types, and which filters each list takes. */
import { defineTable, eq, from, to } from '../kit/table.ts';

export const campaigns = defineTable({
  type: 'Campaign',
  table: 'campaigns',
  key: 'id',
  columns: { id: 'id', name: 'name', channel: 'channel', startDate: 'start_date', endDate: 'end_date' },
  // A campaign is active in [activeFrom, activeTo] when its run overlaps that range.
  filters: { channel: eq('channel'), activeFrom: from('end_date'), activeTo: to('start_date') },
});

export const campaignSpend = defineTable({
  type: 'MonthlySpend',
  table: 'campaign_spend',
  key: 'id',
  columns: { id: 'id', campaignId: 'campaign_id', month: 'month', amount: 'amount' },
});

export const leads = defineTable({
  type: 'Lead',
  table: 'lead_facts',
  key: 'id',
  columns: { id: 'id', campaignId: 'campaign_id', email: 'email', createdOn: 'created_on', convertedAccountId: 'converted_account_id', convertedOn: 'converted_on' },
  filters: {
    campaignId: eq('campaign_id', 'Lead.campaign'),
    channel: eq('channel', 'Campaign.channel'),
    createdFrom: from('created_on'),
    createdTo: to('created_on'),
    converted: eq('converted', 'Lead.convertedAccount'),
  },
});

export const accountAcquisition = defineTable({
  type: 'Account',
  table: 'account_acquisition',
  key: 'accountId',
  columns: { accountId: 'account_id', channel: 'channel' },
});
