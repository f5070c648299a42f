/** Child process: this gateway, configured entirely by the environment, with its real plugin list. */
import { readGatewayConfig } from '../../gateway/config.ts';
import { startGateway } from '../../gateway/server.ts';
import { announce } from './processes.ts';

const gateway = await startGateway(readGatewayConfig());
const deadline = Date.now() + 60_000;
while ((await fetch(`${gateway.url}/ready`)).status !== 200) {
  if (Date.now() > deadline) throw new Error('gateway not ready within 60 s');
  await new Promise((r) => setTimeout(r, 100));
}
announce({ url: `${gateway.url}/graphql` }, () => gateway.close());
