/** How the gameplay tables back the gameplay types, and which filters each list takes. */
import { defineTable, eq, from, to } from '../kit/table.ts';

export const experiments = defineTable({
  type: 'Experiment',
  table: 'experiments',
  key: 'id',
  columns: { id: 'id', name: 'name', hypothesis: 'hypothesis', startedOn: 'started_on', endedOn: 'ended_on' },
});

export const variants = defineTable({
  type: 'ExperimentVariant',
  table: 'experiment_variants',
  key: 'id',
  columns: { id: 'id', experimentId: 'experiment_id', name: 'name', rounds: 'rounds' },
});

export const players = defineTable({
  type: 'Player',
  table: 'player_facts',
  key: 'id',
  columns: {
    id: 'id',
    handle: 'handle',
    email: 'email',
    dateOfBirth: 'date_of_birth',
    country: 'country',
    signupOn: 'signup_on',
    experimentId: 'experiment_id',
    variantId: 'variant_id',
    variant: 'variant',
    churned: 'churned',
    churnedOn: 'churned_on',
  },
  filters: { country: eq('country'), variant: eq('variant'), churned: eq('churned'), experimentId: eq('experiment_id', 'Player.experiment') },
});

export const gameSessions = defineTable({
  type: 'GameSession',
  table: 'game_sessions',
  key: 'id',
  columns: { id: 'id', playerId: 'player_id', startedAt: 'started_at', rounds: 'rounds', durationSeconds: 'duration_seconds' },
  filters: { playerId: eq('player_id', 'GameSession.player'), rounds: eq('rounds'), startedFrom: from('started_at'), startedTo: to('started_at') },
});
