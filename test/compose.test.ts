/**
 * docker-compose.yml works as written, as far as can be known without
 * running it (`.ci/run` also validates it with docker-compose): every
 * service sets only variables its own settings table reads, secrets have no
 * working default, every file it mounts exists, every healthcheck asks a
 * route the service serves on the port it listens on, start-up waits on
 * health, derived domains get an API key the gateways know, the gateways
 * hold a gateway-role registry token and follow the registry's policy, and
 * two gateway replicas share one Redis behind one port.
 */
import fs from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { settingsByService } from '../bin/settings.ts';
import { createMetrics } from '../platform/metrics.ts';
import { probeRoutes } from '../platform/probes.ts';
import { domains } from '../subgraphs/index.ts';

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, unknown>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
}
const compose = parse(fs.readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;
const gateways = Object.keys(services).filter((n) => /^gateway-\d+$/.test(n));
const subgraphs = domains.map((d) => d.name);
const oneShots = ['setup', 'policy'];

/** Variables the `dpg` CLI reads, documented in the README's Settings table for the CLI. */
const DPG_SETTINGS = ['DPG_REGISTRY_URL', 'DPG_TOKEN'];
const envOf = (table: string) => new Set(Object.values(settingsByService[table]).map((s) => s.env));
const tableOf = (name: string): Set<string> | undefined =>
  name === 'registry' ? envOf('registry') : gateways.includes(name) ? envOf('gateway') : subgraphs.includes(name) ? envOf('subgraph') : oneShots.includes(name) ? new Set(DPG_SETTINGS) : undefined;
/** Variables the one-shot steps hand to a command through `--key-env`. */
const handedOn = (service: Service) => new Set([...(service.command ?? []).join(' ').matchAll(/--key-env (\w+)/g)].map((m) => m[1]));
const PROBES = Object.keys(probeRoutes('any', () => ({ ready: true }), createMetrics('compose-test'))).map((r) => r.replace(/^GET /, ''));
const SECRETS = ['REGISTRY_ADMIN_TOKEN', 'REGISTRY_TOKEN', 'MASK_HASH_KEY', 'JWT_SECRET', 'GATEWAY_SIGNING_KEY', 'GATEWAY_API_KEY', 'DPG_TOKEN', 'POSTGRES_PASSWORD'];

describe('docker-compose.yml', () => {
  it('sets on each service only variables that service reads (its settings table)', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.image) continue;
      const known = tableOf(name);
      expect(known, `${name} is a service this test knows`).toBeDefined();
      for (const variable of Object.keys(service.environment ?? {})) {
        expect(known!.has(variable) || handedOn(service).has(variable), `${name} sets ${variable}, which it does not read`).toBe(true);
      }
    }
  });

  it('requires every secret, with no working default or placeholder', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        expect(String(value), `${name} ${variable}`).not.toMatch(/change-me|:-/);
        if (SECRETS.includes(variable) || handedOn(service).has(variable)) expect(String(value), `${name} ${variable}`).toMatch(/^\$\{[A-Z_]+:\?[^}]+\}$/);
      }
      for (const value of Object.values(service.environment ?? {})) {
        // A secret inside a URL (the database password) is required too.
        for (const m of String(value).matchAll(/\$\{([A-Z_]+)([^}]*)\}/g)) expect(m[2], `${name}: \${${m[1]}}`).toMatch(/^:\?/);
      }
    }
  });

  it('runs production mode everywhere, policies from the registry, and publishes them in a step of its own', () => {
    for (const name of [...subgraphs, ...gateways, 'registry']) expect(services[name].environment?.DPG_ENV, name).toBe('production');
    for (const name of [...subgraphs, ...gateways]) expect(services[name].environment?.POLICY_SOURCE, name).toBe('registry');
    expect(services.policy.command).toEqual(['npm', 'run', 'dpg', '--', 'policy', 'publish']);
    for (const gateway of gateways) expect(services[gateway].depends_on?.policy).toEqual({ condition: 'service_completed_successfully' });
  });

  it('gives analytics an API key whose hash the gateways load from a mounted API_KEYS_FILE', () => {
    const key = String(services.analytics.environment?.GATEWAY_API_KEY);
    const setup = services.setup;
    const command = setup.command!.join(' ');
    // The same operator secret reaches analytics and the step that hashes it into the keys volume.
    expect(setup.environment?.ANALYTICS_GATEWAY_API_KEY).toBe(key);
    expect(command).toMatch(/apikey create --sub svc:analytics --role analytics-pipeline --file \/keys\/api-keys\.yaml --key-env ANALYTICS_GATEWAY_API_KEY/);
    expect(setup.volumes).toContain('keys:/keys');
    // analytics-pipeline is the role the policy grants derived domains.
    expect(fs.readFileSync('policies/rules/services.yaml', 'utf8')).toContain('analytics-pipeline');
    for (const gateway of gateways) {
      expect(services[gateway].environment?.API_KEYS_FILE).toBe('/keys/api-keys.yaml');
      expect(services[gateway].volumes).toContain('keys:/keys:ro');
      expect(services[gateway].depends_on?.setup).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('gives the gateways a gateway-role registry token, not the admin token', () => {
    expect(services.setup.command!.join(' ')).toMatch(/registry token create --team \S+ --role gateway .*> \/keys\/gateway-registry-token/);
    for (const gateway of gateways) {
      expect(services[gateway].environment?.REGISTRY_TOKEN, gateway).toBeUndefined();
      expect(services[gateway].command!.join(' ')).toMatch(/REGISTRY_TOKEN="\$\$\(cat \/keys\/gateway-registry-token\)" exec npm run start:gateway/);
    }
  });

  it('mounts only files that exist, and keeps data and keys in volumes', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (source.startsWith('.') || source.startsWith('/')) expect(fs.existsSync(source), `${name} mounts ${source}`).toBe(true);
        else expect(compose.volumes, `${name} uses volume ${source}`).toHaveProperty(source);
      }
    }
    for (const gateway of gateways) {
      const dataDir = String(services[gateway].environment?.DATA_DIR);
      expect(services[gateway].volumes!.some((v) => v.split(':')[1] === dataDir), `${gateway} keeps ${dataDir} in a volume`).toBe(true);
    }
    expect(services.postgres.volumes!.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
  });

  it('has a healthcheck on every long-running service, asking a real route on the port it listens on', () => {
    const portOf = (name: string, s: Service) => Number(s.environment?.SUBGRAPH_PORT ?? s.environment?.GATEWAY_PORT ?? s.environment?.REGISTRY_PORT ?? (name === 'nginx' ? 4000 : NaN));
    for (const [name, service] of Object.entries(services)) {
      if (oneShots.includes(name)) continue;
      expect(service.healthcheck, `${name} has a healthcheck`).toBeDefined();
      if (service.image && name !== 'nginx') continue; // postgres and redis: their own tools
      const test = service.healthcheck!.test;
      if (name !== 'nginx') expect(test.slice(0, 3)).toEqual(['CMD', 'node', 'deploy/healthcheck.mjs']);
      if (test.includes('deploy/healthcheck.mjs')) expect(fs.existsSync('deploy/healthcheck.mjs')).toBe(true);
      const url = new URL(test.find((t) => t.startsWith('http://'))!);
      expect(PROBES, `${name} healthcheck ${url}`).toContain(url.pathname);
      expect(Number(url.port), `${name} healthcheck port`).toBe(portOf(name, service));
    }
  });

  it('starts each service once what it needs is healthy (or done)', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency], `${name} depends on ${dependency}`).toBeDefined();
        const expected = oneShots.includes(dependency) ? 'service_completed_successfully' : services[dependency].healthcheck && !(name === 'policy' && subgraphs.includes(dependency)) ? 'service_healthy' : 'service_started';
        expect(condition, `${name} → ${dependency}`).toBe(expected);
      }
    }
    for (const name of [...subgraphs, 'registry']) expect(services[name].depends_on?.postgres).toEqual({ condition: 'service_healthy' });
    for (const name of [...subgraphs, ...gateways]) expect(services[name].depends_on?.registry).toEqual({ condition: 'service_healthy' });
  });

  it('runs two gateway replicas on one Redis behind one port', () => {
    expect(gateways).toHaveLength(2);
    const redis = new Set(gateways.map((g) => services[g].environment?.REDIS_URL));
    expect([...redis]).toEqual(['redis://redis:6379']);
    for (const gateway of gateways) expect(services[gateway].ports, `${gateway} publishes no port of its own`).toBeUndefined();
    expect(services.nginx.ports).toEqual(['4000:4000']);
    const conf = fs.readFileSync(services.nginx.volumes![0].split(':')[0], 'utf8');
    for (const gateway of gateways) expect(conf).toContain(`server ${gateway}:4000;`);
    for (const gateway of gateways) expect(services.nginx.depends_on?.[gateway]).toEqual({ condition: 'service_healthy' });
  });

  it('runs one service per subgraph folder, started by name through npm scripts that exist', () => {
    const scripts = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    for (const name of subgraphs) expect(services[name]?.command, name).toEqual(['npm', 'run', 'start:subgraph', '--', name]);
    for (const [name, service] of Object.entries(services)) {
      if (service.image) continue;
      const script = /npm run (?:-s )?([\w:]+)/.exec(service.command!.join(' '))?.[1];
      expect(scripts[script!], `${name} runs npm script ${script}`).toBeDefined();
    }
  });
});
