/**
 * Child process: the real subgraphs on seeded data, with the registry they
 * publish to and the internal gateway analytics reads its inputs through.
 * Derived products are computed once before it reports ready.
 */
import { startMesh } from '../../bin/mesh.ts';
import { readRegistryConfig } from '../../schema-registry/config.ts';
import { announce } from './processes.ts';

const mesh = await startMesh({ ephemeralPorts: true });
await mesh.ready(1_400_000);
const refresh = await fetch(`${mesh.subgraphs.analytics.url}/refresh`, { method: 'POST', headers: { authorization: `Bearer ${readRegistryConfig().adminToken}` } });
if (!refresh.ok) throw new Error(`analytics refresh failed: ${refresh.status} ${await refresh.text()}`);

announce(
  {
    registryUrl: mesh.registry.url,
    gatewayUrl: mesh.gateway.url,
    subgraphs: Object.fromEntries(Object.values(mesh.subgraphs).map((s) => [s.name, s.url])),
  },
  () => mesh.close(),
);
