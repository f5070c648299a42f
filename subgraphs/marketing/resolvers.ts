import { connection } from '../kit/connection.ts';
import { aggregate, belongsTo, children, entityRef, extension, list, lookup, one, reference } from '../kit/resolvers.ts';
import { accountAcquisition, campaigns, campaignSpend, leads } from './tables.ts';

export const resolvers = {
  Query: {
    campaigns: list(campaigns),
    campaign: one(campaigns),
    leads: list(leads),
    campaignsConnection: connection(campaigns),
    leadsConnection: connection(leads),
  },
  Campaign: {
    __resolveReference: reference(campaigns),
    monthlySpend: children(campaignSpend, 'campaignId'),
    totalSpend: aggregate(campaignSpend, 'campaignId', 'sum(amount)', 0),
    leads: children(leads, 'campaignId'),
  },
  Lead: {
    __resolveReference: reference(leads),
    campaign: belongsTo(campaigns, 'campaignId'),
    convertedAccount: entityRef('Account', 'convertedAccountId'),
  },
  Account: {
    __resolveReference: extension,
    leads: children(leads, 'convertedAccountId'),
    acquisitionChannel: lookup(accountAcquisition, 'channel'),
  },
};
