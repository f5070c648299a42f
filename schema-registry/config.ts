/** The schema registry's settings, read and checked once at start. */
import { port, readConfig, type ConfigOf } from '../platform/config.ts';
import { shared } from '../platform/settings.ts';

export const registrySettings = {
  port: port('REGISTRY_PORT', 4100, 'Schema registry port.'),
  databaseUrl: shared.databaseUrl,
  dataDir: shared.dataDir,
  maxBodyBytes: shared.maxBodyBytes,
  logLevel: shared.logLevel,
};

export type RegistryConfig = ConfigOf<typeof registrySettings>;

export const readRegistryConfig = (env: NodeJS.ProcessEnv = process.env): RegistryConfig => readConfig(registrySettings, env);
