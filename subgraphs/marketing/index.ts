/** The marketing domain: campaigns, their spend, and the leads they bring in. Extends Account with how it was acquired. */
import { defineDomain } from '../kit/domain.ts';
import { resolvers } from './resolvers.ts';
import { seed } from './seed.ts';

export default defineDomain({ name: 'marketing', dir: import.meta.dirname, defaultPort: 4002, resolvers, seed });
