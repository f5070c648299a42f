/** How the analytics tables back the analytics types. */
import { defineTable, eq, from, to } from '../kit/table.ts';

export const acquisitionCosts = defineTable({
  type: 'AcquisitionCost',
  table: 'acquisition_costs',
  key: 'id',
  columns: { id: 'id', quarter: 'quarter', channel: 'channel', spend: 'spend', newCustomers: 'new_customers', cac: 'cac', campaignIds: 'campaign_ids' },
  filters: { quarter: eq('quarter'), fromQuarter: from('quarter'), toQuarter: to('quarter'), channel: eq('channel') },
});

export const experimentResults = defineTable({
  type: 'ExperimentResult',
  table: 'experiment_results',
  key: 'id',
  columns: {
    id: 'id',
    experimentId: 'experiment_id',
    variant: 'variant',
    players: 'players',
    churnedPlayers: 'churned_players',
    churnRate: 'churn_rate',
    sessions: 'sessions',
    averageSessionSeconds: 'average_session_seconds',
    averagePlaySecondsPerPlayer: 'average_play_seconds_per_player',
  },
  filters: { experimentId: eq('experiment_id', 'ExperimentResult.experiment') },
});
