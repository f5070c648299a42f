/** The sales domain: accounts, contacts and the pipeline. Owns the Account entity. */
import { defineDomain } from '../kit/domain.ts';
import { resolvers } from './resolvers.ts';
import { seed } from './seed.ts';

export default defineDomain({ name: 'sales', dir: import.meta.dirname, defaultPort: 4001, resolvers, seed });
