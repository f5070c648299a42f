/**
 * Whether the gateway has a registry, and where. Without SUPERGRAPH_FILE the
 * registry is where the supergraph comes from, so an unset REGISTRY_URL means
 * the registry on this host at REGISTRY_PORT. With SUPERGRAPH_FILE the
 * gateway runs on its own: it talks to a registry (usage reports, the
 * data-product catalog, registry policies) only when REGISTRY_URL names one,
 * and never to an address nobody configured, whatever listens there.
 */
import { ConfigError } from '../../platform/config.ts';
import type { GatewayConfig } from '../config.ts';

type RegistrySettings = Pick<GatewayConfig, 'registryUrl' | 'registryPort' | 'supergraphFile'>;

/** The registry's base URL, or undefined when the gateway has none. */
export const registryOf = (config: RegistrySettings): string | undefined =>
  config.registryUrl ?? (config.supergraphFile ? undefined : `http://127.0.0.1:${config.registryPort}`);

/** Refuses settings that need a registry the gateway does not have. */
export function assertRegistryWhereNeeded(config: RegistrySettings & Pick<GatewayConfig, 'policySource'>): void {
  if (config.policySource === 'registry' && !registryOf(config)) {
    throw new ConfigError(['POLICY_SOURCE=registry needs a registry, and this gateway has none: it serves SUPERGRAPH_FILE and REGISTRY_URL is unset. Set REGISTRY_URL, or use POLICY_SOURCE=folder with POLICY_DIR.']);
  }
}
