/**
 * The deployment descriptions must stay true to the code: docker-compose.yml
 * runs every domain and sets only variables some service reads, and the
 * README's configuration table lists exactly the variables the code reads.
 */
import fs from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { settingsIndex } from '../bin/settings.ts';
import { domains } from '../subgraphs/index.ts';

const compose = parse(fs.readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; command?: string[]; environment?: Record<string, unknown> }>;
};
const ours = Object.entries(compose.services).filter(([, s]) => !s.image);
const known = settingsIndex();
const scripts = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts as Record<string, string>;

describe('docker-compose.yml', () => {
  it('runs one service per subgraph folder, started by name', () => {
    const folders = fs.readdirSync('subgraphs', { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'kit').map((d) => d.name);
    expect(folders.sort()).toEqual(domains.map((d) => d.name).sort());
    for (const name of folders) {
      expect(compose.services[name]?.command, `service for subgraph ${name}`).toEqual(['npm', 'run', 'start:subgraph', '--', name]);
    }
  });

  it('sets only environment variables that the code reads', () => {
    for (const [name, service] of ours) {
      for (const variable of Object.keys(service.environment ?? {})) {
        expect(known.has(variable), `${name} sets ${variable}, which no service reads`).toBe(true);
      }
    }
  });

  it('starts services through npm scripts that exist', () => {
    for (const [name, service] of ours) {
      const script = service.command?.[2];
      expect(service.command?.slice(0, 2), name).toEqual(['npm', 'run']);
      expect(scripts[script!], `${name} runs npm script ${script}`).toBeDefined();
    }
  });
});

describe('README configuration table', () => {
  const readme = fs.readFileSync('README.md', 'utf8');
  const start = readme.indexOf('## Configuration');
  const table = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const listed = new Set([...table.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));

  it('lists every variable the code reads, and no other', () => {
    expect([...listed].sort()).toEqual([...known.keys()].sort());
  });
});
