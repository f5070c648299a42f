/**
 * The product calls nothing the operator did not configure: @apollo/gateway
 * would, on construction, probe cloud metadata endpoints and start exporting
 * host metrics to Apollo unless APOLLO_TELEMETRY_DISABLED is true. The
 * runtime turns that off unless told otherwise.
 */
import { createRequire } from 'node:module';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../platform/log.ts';
import { SupergraphRuntime } from './runtime.ts';

// The module @apollo/gateway calls when telemetry is on; it looks the function up on every call.
const telemetry = createRequire(import.meta.url)('@apollo/gateway/dist/utilities/opentelemetry') as { createDataCollectionExporter: () => unknown };

const sdl = (() => {
  const r = composeServices([{ name: 'a', url: 'http://127.0.0.1:9/graphql', typeDefs: parse('extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"]) type Query { hello: String }') }]);
  if (r.errors) throw new Error(String(r.errors));
  return r.supergraphSdl;
})();

const runtimes: SupergraphRuntime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop();
  vi.restoreAllMocks();
});

async function boot(apolloTelemetry?: boolean) {
  const runtime = new SupergraphRuntime({ logger: createLogger('test', 'silent'), subgraphTimeoutMs: 1000, apolloTelemetry });
  runtimes.push(runtime);
  expect(await runtime.apply({ sdl, hash: 'h', origin: 'file' })).toBe(true);
}

describe('@apollo/gateway telemetry', () => {
  it('stays off by default: no cloud-metadata probing, no metrics export to Apollo', async () => {
    const exporter = vi.spyOn(telemetry, 'createDataCollectionExporter').mockReturnValue({ shutdown: async () => {} });
    await boot();
    expect(exporter).not.toHaveBeenCalled();
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('starts only when the operator turns it on', async () => {
    const exporter = vi.spyOn(telemetry, 'createDataCollectionExporter').mockReturnValue({ shutdown: async () => {} });
    await boot(true);
    expect(exporter).toHaveBeenCalledTimes(1);
  });
});
