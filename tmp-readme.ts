import request from 'supertest';
import { startTestMesh, bearer } from './test/support/mesh.ts';
const mesh = await startTestMesh({ env: { SEED_SCALE: '1' } });
try {
  const q = async (roles: string[], query: string, attrs: Record<string, string> = {}) => (await request(mesh.gateway.url).post('/graphql').set(await bearer(roles, attrs)).send({ query })).body;
  console.log(JSON.stringify(await q(['analyst'], '{ accounts(first: 2, filter: { region: EMEA }) { name region contacts(first: 1) { email } opportunities(first: 2) { amount stage } tickets(first: 2) { status } } }')));
  console.log(JSON.stringify(await q(['analyst'], '{ customerAcquisitionCost(filter: { quarter: "2025-Q2" }) { quarter channel spend newCustomers cac } }')));
  console.log(JSON.stringify(await q(['analyst'], '{ experimentResults { variant players churnRate averageSessionSeconds experiment { name hypothesis } } }')));
  console.log(JSON.stringify(await q(['sales'], '{ tickets(first: 3) { id accountRegion account { region } } }', { region: 'EMEA' })));
  console.log(JSON.stringify(await q(['analyst'], '{ atRiskAccounts(minChurnRisk: 0.6) { id } }')));
} finally {
  await mesh.close();
}
process.exit(0);
