import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../config.ts';
import { assertRegistryWhereNeeded, registryOf } from './registry.ts';

describe('the gateway\'s registry', () => {
  it('is the registry on this host at REGISTRY_PORT by default, REGISTRY_URL when set', () => {
    expect(registryOf(readGatewayConfig({}))).toBe('http://127.0.0.1:4100');
    expect(registryOf(readGatewayConfig({ REGISTRY_PORT: '4567' }))).toBe('http://127.0.0.1:4567');
    expect(registryOf(readGatewayConfig({ REGISTRY_URL: 'http://registry:4100/' }))).toBe('http://registry:4100');
  });

  it('is none on SUPERGRAPH_FILE unless REGISTRY_URL names one', () => {
    expect(registryOf(readGatewayConfig({ SUPERGRAPH_FILE: 'supergraph.graphql' }))).toBeUndefined();
    expect(registryOf(readGatewayConfig({ SUPERGRAPH_FILE: 'supergraph.graphql', REGISTRY_URL: 'http://registry:4100' }))).toBe('http://registry:4100');
  });

  it('refuses registry policies without a registry, saying what to set', () => {
    expect(() => assertRegistryWhereNeeded(readGatewayConfig({ SUPERGRAPH_FILE: 's.graphql', POLICY_SOURCE: 'registry' }))).toThrow(/POLICY_SOURCE=registry needs a registry.*Set REGISTRY_URL, or use POLICY_SOURCE=folder with POLICY_DIR/);
    expect(() => assertRegistryWhereNeeded(readGatewayConfig({ SUPERGRAPH_FILE: 's.graphql', POLICY_SOURCE: 'registry', REGISTRY_URL: 'http://r:1' }))).not.toThrow();
    expect(() => assertRegistryWhereNeeded(readGatewayConfig({ POLICY_SOURCE: 'registry' }))).not.toThrow();
  });
});
