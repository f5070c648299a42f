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

/**
 * The precompiled services (dist/, bin/bundle.mjs) run on plain Node, which
 * cannot load TypeScript: a domain written in it is then loaded through tsx,
 * registered only when first needed so the built-in mesh pays nothing. A
 * probe module nobody else imports tells, since Node remembers a failed
 * import of a URL and a domain's own files must not be the ones that fail.
 */
let typescript: Promise<void> | undefined;
function loadTypeScript(): Promise<void> {
  // Named by its path, not a literal, so the bundler leaves the probe where it is.
  typescript ??= import(pathToFileURL(path.join(import.meta.dirname, 'typescriptProbe.ts')).href).then(
    () => undefined,
    async (err: { code?: string }) => {
      if (err.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
      // Both hooks, as the tsx command sets them: a folder without a package.json is CommonJS to Node.
      (await import('tsx/esm/api')).register();
      (await import('tsx/cjs/api')).register();
    },
  );
  return typescript;
}

async function importEntry(entry: string): Promise<unknown> {
  if (/\.m?ts$/.test(entry)) await loadTypeScript();
  return import(pathToFileURL(entry).href);
}

/** Whether a `start:subgraph` argument names a folder rather than a built-in domain. */
export const namesFolder = (arg: string): boolean => arg.includes('/') || arg.includes(path.sep) || arg.startsWith('.');

export async function loadDomain(dir: string): Promise<Domain> {
  const folder = path.resolve(dir);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new ConfigError([`${dir} is not a folder: a domain is a folder holding index.ts, schema.graphql, data-product.yaml and migrations/`]);
  const entry = ENTRIES.map((f) => path.join(folder, f)).find((f) => fs.existsSync(f));
  if (!entry) throw new ConfigError([`${dir} has no ${ENTRIES[0]}: it must default-export defineDomain({ name, dir: import.meta.dirname, defaultPort, resolvers, seed })`]);
  const loaded = (await importEntry(entry)) as { default?: Partial<Domain> & { default?: Partial<Domain> } };
  // A folder without `"type": "module"` is CommonJS to Node: its default export arrives one level down.
  const exported = loaded.default && 'default' in loaded.default ? loaded.default.default : loaded.default;
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
