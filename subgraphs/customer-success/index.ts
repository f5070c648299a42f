/** The customer-success domain: support tickets, NPS and account health. Extends Account with how the customer is doing. */
import { defineDomain } from '../kit/domain.ts';
import { resolvers } from './resolvers.ts';
import { seed } from './seed.ts';

export default defineDomain({ name: 'customer-success', dir: import.meta.dirname, defaultPort: 4003, resolvers, seed });
