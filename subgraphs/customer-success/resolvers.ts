import { connection } from '../kit/connection.ts';
import type { GraphQLResolveInfo } from 'graphql';
import type { SubgraphContext } from '../kit/context.ts';
import { aggregate, children, entityRef, extension, list, lookup, one, reference, referenceList } from '../kit/resolvers.ts';
import type { Row } from '../kit/table.ts';
import { accountHealth, npsResponses, tickets } from './tables.ts';

const riskList = referenceList(accountHealth, 'Account', 'accountId');

export const resolvers = {
  Query: {
    tickets: list(tickets),
    ticket: one(tickets),
    atRiskAccounts: (parent: Row, { minChurnRisk, ...page }: { minChurnRisk: number }, ctx: SubgraphContext, info: GraphQLResolveInfo) =>
      riskList(parent, { ...page, filter: { minChurnRisk } }, ctx, info),
    ticketsConnection: connection(tickets),
  },
  Ticket: {
    __resolveReference: reference(tickets),
    account: entityRef('Account', 'accountId'),
  },
  NpsResponse: {
    __resolveReference: reference(npsResponses),
    account: entityRef('Account', 'accountId'),
  },
  Account: {
    __resolveReference: extension,
    tickets: children(tickets, 'accountId'),
    openTicketCount: aggregate(tickets, 'accountId', "count(*) FILTER (WHERE status IN ('OPEN', 'PENDING'))", 0),
    npsScore: aggregate(npsResponses, 'accountId', 'avg(score)'),
    npsResponses: children(npsResponses, 'accountId'),
    churnRisk: lookup(accountHealth, 'churnRisk'),
    health: lookup(accountHealth, 'health'),
    renewalOn: lookup(accountHealth, 'renewalOn'),
  },
};
