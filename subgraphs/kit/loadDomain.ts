/**
 * A domain is a folder, wherever it lives: its `index.ts` default-exports
 * what `defineDomain` returns, beside `schema.graphql`, `data-product.yaml`
 * and `migrations/`. `npm run start:subgraph -- ./path/to/domain` and
 * programs (`startSubgraph(await loadDomain(dir), config)`) load it here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../../platform/config.ts';
import { domainFiles, type Domain } from './domain.ts';

const ENTRIES = ['index.ts', 'index.mts', 'index.js', 'index.mjs'];

/** Whether a `start:subgraph` argument names a folder rather than a built-in domain. */
export const namesFolder = (arg: string): boolean => arg.includes('/') || arg.includes(path.sep) || arg.startsWith('.');

export async function loadDomain(dir: string): Promise<Domain> {
  const folder = path.resolve(dir);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new ConfigError([`${dir} is not a folder: a domain is a folder holding index.ts, schema.graphql, data-product.yaml and migrations/`]);
  const entry = ENTRIES.map((f) => path.join(folder, f)).find((f) => fs.existsSync(f));
  if (!entry) throw new ConfigError([`${dir} has no ${ENTRIES[0]}: it must default-export defineDomain({ name, dir: import.meta.dirname, defaultPort, resolvers, seed })`]);
  const exported = ((await import(pathToFileURL(entry).href)) as { default?: Partial<Domain> }).default;
  if (!exported || typeof exported !== 'object' || typeof exported.name !== 'string' || typeof exported.resolvers !== 'object' || typeof exported.seed !== 'function') {
    throw new ConfigError([`${entry} must default-export a domain (defineDomain({ name, dir, defaultPort, resolvers, seed }))`]);
  }
  // The folder it was loaded from is where its files are, whatever `dir` it names.
  const domain = { ...exported, dir: folder } as Domain;
  const missing = Object.entries(domainFiles(domain)).filter(([, f]) => !fs.existsSync(f)).map(([, f]) => path.relative(process.cwd(), f) || f);
  if (missing.length) throw new ConfigError([`domain ${domain.name} in ${dir} lacks ${missing.join(', ')}`]);
  return domain;
}

/**
 * Domain folders beside the built-in ones that no list names yet (e.g. made
 * by `dpg domain new`): every subfolder of `root` with an index file, except
 * those in `known`.
 */
export async function discoverDomains(root: string, known: readonly string[]): Promise<Domain[]> {
  const skip = new Set(known.map((d) => path.resolve(d)));
  const folders = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'kit' && !skip.has(path.resolve(root, e.name)))
    .map((e) => path.join(root, e.name))
    .filter((dir) => ENTRIES.some((f) => fs.existsSync(path.join(dir, f))))
    .sort();
  return Promise.all(folders.map(loadDomain));
}
