/**
 * The README's configuration table lists exactly the variables the code
 * reads. (docker-compose.yml is held to the code by compose.test.ts.)
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingsIndex } from '../bin/settings.ts';

const known = settingsIndex();

describe('README configuration table', () => {
  const readme = fs.readFileSync('README.md', 'utf8');
  const start = readme.indexOf('## Configuration');
  const table = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const listed = new Set([...table.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));

  it('lists every variable the code reads, and no other', () => {
    expect([...listed].sort()).toEqual([...known.keys()].sort());
  });
});
