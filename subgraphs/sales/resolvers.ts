import { connection } from '../kit/connection.ts';
import { belongsTo, children, list, one, reference } from '../kit/resolvers.ts';
import { accounts, contacts, opportunities } from './tables.ts';

export const resolvers = {
  Query: {
    accounts: list(accounts),
    account: one(accounts),
    opportunities: list(opportunities),
    contacts: list(contacts),
    accountsConnection: connection(accounts),
    opportunitiesConnection: connection(opportunities),
    contactsConnection: connection(contacts),
  },
  Account: {
    __resolveReference: reference(accounts),
    contacts: children(contacts, 'accountId'),
    opportunities: children(opportunities, 'accountId'),
  },
  Contact: {
    __resolveReference: reference(contacts),
    account: belongsTo(accounts, 'accountId'),
  },
  Opportunity: {
    __resolveReference: reference(opportunities),
    account: belongsTo(accounts, 'accountId'),
  },
};
