import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../platform/config.ts';
import { factsFromSupergraph } from '../../policies/engine/schemaFacts.ts';
import { loadCacheRules, parseCacheRules, policyFromRules } from './cacheRules.ts';

// A supergraph we did not write: media-library, catalog + artists.
const FIXTURE = path.join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'federation', 'media-library');
const composed = composeServices(['catalog', 'artists'].map((name) => ({ name, url: `http://${name}`, typeDefs: parse(fs.readFileSync(path.join(FIXTURE, `${name}.graphql`), 'utf8')) })));
const facts = factsFromSupergraph(composed.supergraphSdl!);

const policyOf = (text: string) => Object.fromEntries(policyFromRules(parseCacheRules(text, 'rules.yaml'), facts).policy);
const problemsOf = (text: string): string[] => {
  try {
    parseCacheRules(text, 'rules.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected the rules to be refused');
};

describe('response-cache rules file', () => {
  it('reads TTLs in seconds or as ISO 8601 durations', () => {
    expect(parseCacheRules('rules:\n  - { subgraph: catalog, ttl: 60 }\n  - { type: Album, ttl: PT5M }\n  - { subgraph: "*", ttl: 0 }\n', 'f')).toEqual([
      { subgraph: 'catalog', ttlSeconds: 60 },
      { type: 'Album', ttlSeconds: 300 },
      { subgraph: '*', ttlSeconds: 0 },
    ]);
  });

  it('refuses what it cannot read, naming the setting, the file, the rule and the problem', () => {
    expect(problemsOf('rules: [')[0]).toMatch(/^RESPONSE_CACHE_RULES_FILE=rules\.yaml: is not valid YAML: /);
    expect(problemsOf('- { subgraph: catalog, ttl: 60 }')).toEqual(['RESPONSE_CACHE_RULES_FILE=rules.yaml: must be a YAML mapping with a "rules" list']);
    expect(problemsOf('rule: []')).toEqual(['RESPONSE_CACHE_RULES_FILE=rules.yaml: unknown top-level key "rule" (expected "rules")']);
    expect(problemsOf('rules:\n  - { subgraph: catalog, type: Album, ttl: 1 }\n  - { type: Album }\n  - { type: Album, ttl: 1 hour }\n  - { type: "Album.title", ttl: 1 }\n  - { subgraph: catalog, tll: 60, ttl: 1 }\n  - catalog\n')).toEqual([
      'RESPONSE_CACHE_RULES_FILE=rules.yaml: rules[0]: needs exactly one of "subgraph" and "type"',
      'RESPONSE_CACHE_RULES_FILE=rules.yaml: rules[1]: needs "ttl"',
      'RESPONSE_CACHE_RULES_FILE=rules.yaml: rules[2]: "ttl" must be whole seconds (0 or more) or an ISO 8601 duration like PT5M, got "1 hour"',
      'RESPONSE_CACHE_RULES_FILE=rules.yaml: rules[3]: "type" must be a GraphQL type name, got "Album.title"',
      'RESPONSE_CACHE_RULES_FILE=rules.yaml: rules[4]: unknown key "tll" (expected subgraph or type, and ttl)',
      'RESPONSE_CACHE_RULES_FILE=rules.yaml: rules[5]: must be a mapping like { subgraph: NAME, ttl: 60 }',
    ]);
    expect(problemsOf('rules:\n  - { subgraph: catalog, ttl: -5 }\n')[0]).toContain('rules[0]: "ttl" must be whole seconds');
  });

  it('refuses a file that cannot be read', () => {
    expect(() => loadCacheRules('/nonexistent/rules.yaml')).toThrow('RESPONSE_CACHE_RULES_FILE=/nonexistent/rules.yaml: cannot be read (ENOENT)');
  });

  it('covers a type by subgraph rules only when every subgraph serving its data has one', () => {
    // Album.artist is the artists subgraph's, Artist's data all of it: neither is covered by catalog alone.
    expect(policyOf('rules:\n  - { subgraph: catalog, ttl: 60 }\n')).toEqual({
      Film: { ttlSeconds: 60, cacheable: true },
      Podcast: { ttlSeconds: 60, cacheable: true },
      Track: { ttlSeconds: 60, cacheable: true },
      Query: { ttlSeconds: 60, cacheable: true },
    });
    // Both subgraphs named: Album and Artist get the shorter of the two.
    const both = policyOf('rules:\n  - { subgraph: catalog, ttl: 60 }\n  - { subgraph: artists, ttl: 30 }\n');
    expect(both.Album).toEqual({ ttlSeconds: 30, cacheable: true });
    expect(both.Artist).toEqual({ ttlSeconds: 30, cacheable: true });
    expect(both.Film).toEqual({ ttlSeconds: 60, cacheable: true });
  });

  it('lets type rules decide their types, an interface or union for all its types, and ttl 0 keeps a type out', () => {
    const rules = policyOf('rules:\n  - { subgraph: "*", ttl: 600 }\n  - { type: Media, ttl: 120 }\n  - { type: Album, ttl: 900 }\n  - { type: Podcast, ttl: 0 }\n');
    expect(rules.Film).toEqual({ ttlSeconds: 120, cacheable: true });
    expect(rules.Album).toEqual({ ttlSeconds: 120, cacheable: true }); // the shortest of the type rules naming it
    expect(rules.Podcast).toEqual({ ttlSeconds: 0, cacheable: false });
    expect(rules.Artist).toEqual({ ttlSeconds: 600, cacheable: true });
  });

  it('says which names the supergraph does not have', () => {
    expect(policyFromRules(parseCacheRules('rules:\n  - { subgraph: catalogue, ttl: 1 }\n  - { type: Song, ttl: 1 }\n  - { type: SearchHit, ttl: 1 }\n', 'f'), facts).unknown).toEqual(['type "Song"', 'subgraph "catalogue"']);
  });
});
