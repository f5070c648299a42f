/** What analytics reads from the other domains, as plain GraphQL through the gateway. */
import type { GatewayClient } from '../kit/gatewayClient.ts';
import type { CampaignInput, CustomerInput, PlayerInput } from './compute.ts';

export const CAMPAIGNS = `query AnalyticsCampaigns($first: Int, $after: ID) {
  campaigns(first: $first, after: $after) { id channel monthlySpend { month amount } }
}`;

// One query joins two domains: sales owns customerSince, marketing adds acquisitionChannel.
export const CUSTOMERS = `query AnalyticsCustomers($first: Int, $after: ID) {
  accounts(first: $first, after: $after) { id customerSince acquisitionChannel }
}`;

export const PLAYERS = `query AnalyticsPlayers($first: Int, $after: ID) {
  players(first: $first, after: $after) { id experiment { id } variant churned sessionCount totalPlaySeconds }
}`;

export const readCampaigns = (gw: GatewayClient, pageSize: number) => gw.all<CampaignInput>(CAMPAIGNS, 'campaigns', {}, pageSize);

export const readCustomers = (gw: GatewayClient, pageSize: number) => gw.all<CustomerInput>(CUSTOMERS, 'accounts', {}, pageSize);

export async function readPlayers(gw: GatewayClient, pageSize: number): Promise<PlayerInput[]> {
  const players = await gw.all<Omit<PlayerInput, 'experimentId'> & { experiment: { id: string } | null }>(PLAYERS, 'players', {}, pageSize);
  return players.map(({ experiment, ...p }) => ({ ...p, experimentId: experiment?.id ?? null }));
}
