/** The schema registry's settings, read and checked once at start. */
import path from 'node:path';
import { int, readConfig, text, type ConfigOf } from '../platform/config.ts';
import { placeholders, type DevelopmentDefault } from '../platform/safety.ts';
import { shared } from '../platform/settings.ts';

/** Embedded so `npm start` works with nothing configured; the registry warns while it is in use. */
export const DEV_ADMIN_TOKEN = 'dev-admin-token';

export const registrySettings = {
  port: shared.registryPort,
  databaseUrl: shared.databaseUrl,
  dataDir: shared.dataDir,
  host: shared.host,
  deployment: shared.deployment,
  metricsToken: shared.metricsToken,
  maxBodyBytes: shared.maxBodyBytes,
  logLevel: shared.logLevel,
  adminToken: text('REGISTRY_ADMIN_TOKEN', DEV_ADMIN_TOKEN, 'Bootstrap admin token of the registry: creates team tokens (`dpg registry token create`) and may publish any subgraph. Set it in production; the default is logged as a warning.'),
  usageWindowDays: int('REGISTRY_USAGE_WINDOW_DAYS', 7, 'Days of field usage a breaking-change check looks at; a field deprecated for longer than this may be removed even if still used.', 1, 366),
  policiesDir: { ...text('REGISTRY_POLICIES_DIR', path.join(import.meta.dirname, '..', 'policies'), 'Folder holding the governance team\'s lint.yaml and access policies, which checks and publishes are held against.'), defaultDoc: 'policies/' },
};

export type RegistryConfig = ConfigOf<typeof registrySettings>;

export const readRegistryConfig = (env: NodeJS.ProcessEnv = process.env): RegistryConfig => readConfig(registrySettings, env);

/** Development defaults in force (platform/safety.ts). */
export function registryDevelopmentDefaults(config: RegistryConfig): DevelopmentDefault[] {
  return [
    ...(config.adminToken === DEV_ADMIN_TOKEN ? [{ setting: 'REGISTRY_ADMIN_TOKEN', problem: `is the embedded development token "${DEV_ADMIN_TOKEN}", which anyone can use to publish any subgraph` }] : []),
    ...placeholders(registrySettings, config),
  ];
}
