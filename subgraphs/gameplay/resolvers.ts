import { connection } from '../kit/connection.ts';
import { aggregate, belongsTo, children, list, one, reference } from '../kit/resolvers.ts';
import { experiments, gameSessions, players, variants } from './tables.ts';

export const resolvers = {
  Query: {
    experiments: list(experiments),
    experiment: one(experiments),
    players: list(players),
    player: one(players),
    gameSessions: list(gameSessions),
    experimentsConnection: connection(experiments),
    playersConnection: connection(players),
    gameSessionsConnection: connection(gameSessions),
  },
  Experiment: {
    __resolveReference: reference(experiments),
    variants: children(variants, 'experimentId'),
  },
  ExperimentVariant: {
    playerCount: aggregate(players, 'variantId', 'count(*)', 0),
  },
  Player: {
    __resolveReference: reference(players),
    experiment: belongsTo(experiments, 'experimentId'),
    sessions: children(gameSessions, 'playerId'),
    sessionCount: aggregate(gameSessions, 'playerId', 'count(*)', 0),
    totalPlaySeconds: aggregate(gameSessions, 'playerId', 'sum(duration_seconds)', 0),
  },
  GameSession: {
    __resolveReference: reference(gameSessions),
    player: belongsTo(players, 'playerId'),
  },
};
