/**
 * Every service's settings table in one place: the README configuration
 * table is printed from it (`npx tsx bin/settings.ts`), and tests check that
 * the README and docker-compose.yml name only variables the code reads.
 */
import { gatewaySettings } from '../gateway/config.ts';
import { launcherSettings } from './config.ts';
import type { SettingTable } from '../platform/config.ts';
import { registrySettings } from '../schema-registry/config.ts';
import { subgraphSettings } from '../subgraphs/kit/config.ts';

export const settingsByService: Record<string, SettingTable> = {
  gateway: gatewaySettings,
  registry: registrySettings,
  subgraph: subgraphSettings,
  'npm start': launcherSettings,
};

/** env name → the services that read it, its default and meaning. */
export function settingsIndex(): Map<string, { services: string[]; default: unknown; doc: string }> {
  const index = new Map<string, { services: string[]; default: unknown; doc: string }>();
  for (const [service, table] of Object.entries(settingsByService)) {
    for (const s of Object.values(table)) {
      const entry = index.get(s.env) ?? { services: [], default: s.defaultDoc ?? s.default, doc: s.doc };
      entry.services.push(service);
      index.set(s.env, entry);
    }
  }
  return index;
}

export function markdownTable(): string {
  const rows = [...settingsIndex()].sort(([a], [b]) => a.localeCompare(b));
  const cell = (v: unknown) => (v === undefined || (Array.isArray(v) && v.length === 0) ? '—' : `\`${Array.isArray(v) ? v.join(',') : String(v)}\``);
  return [
    '| variable | read by | default | meaning |',
    '|---|---|---|---|',
    ...rows.map(([env, s]) => `| \`${env}\` | ${s.services.join(', ')} | ${cell(s.default)} | ${s.doc.replace(/\|/g, '\\|')} |`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(markdownTable());
