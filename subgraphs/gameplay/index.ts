/** The gameplay domain (product analytics of the game): players, game sessions and experiments. Owns the Player entity. */
import { defineDomain } from '../kit/domain.ts';
import { resolvers } from './resolvers.ts';
import { seed } from './seed.ts';

export default defineDomain({ name: 'gameplay', dir: import.meta.dirname, defaultPort: 4004, resolvers, seed });
