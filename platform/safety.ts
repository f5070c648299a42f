/**
 * Development defaults are what make `npm start` work with nothing
 * configured — a known registry admin token, a public mask key, secrets
 * generated on first start — and what must never reach production. With
 * DPG_ENV=production a service refuses to start while any is in force,
 * naming each; in development each is warned about once per process.
 */
import { ConfigError, oneOf, type SettingTable } from './config.ts';
import type { Logger } from './log.ts';

const DEPLOYMENTS = ['development', 'production'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];

export const deploymentSetting = oneOf('DPG_ENV', 'development', DEPLOYMENTS, 'production: every service refuses to start on a development default (registry admin token, mask key, generated JWT secret or signing key, change-me placeholders) and names each, and conveniences meant for a developer\'s machine, such as GraphiQL, are off; development: each default is warned about once.');

/** A development default in force: the variable, and what is wrong with leaving it. */
export interface DevelopmentDefault {
  setting: string;
  problem: string;
}

/** Values copied from an example without being replaced (docker-compose.yml's placeholders say change-me). */
export function placeholders(table: SettingTable, config: Record<string, unknown>): DevelopmentDefault[] {
  return Object.entries(table)
    .filter(([key]) => typeof config[key] === 'string' && /change-?me/i.test(config[key] as string))
    .map(([, s]) => ({ setting: s.env, problem: 'is a placeholder ("change-me"): set a real value' }));
}

const warned = new Set<string>();

export function guardDevelopmentDefaults(deployment: Deployment, found: readonly DevelopmentDefault[], logger: Logger): void {
  if (deployment === 'production' && found.length) {
    throw new ConfigError(found.map((d) => `${d.setting} ${d.problem} (DPG_ENV=production refuses development defaults)`));
  }
  for (const d of found) {
    if (warned.has(d.setting)) continue;
    warned.add(d.setting);
    logger.warn({ setting: d.setting }, `${d.setting} ${d.problem}; fine for development, refused with DPG_ENV=production`);
  }
}
