#!/usr/bin/env node
/**
 * Precompiles the services and the `dpg` CLI into `dist/` with esbuild, so
 * `npm start` and `dpg` start without compiling TypeScript on every run
 * (tsx took most of each `dpg` command's 1.2–1.7 s). Runs at `npm ci`/`npm
 * install` (the root `prepare` script) and again, in a few milliseconds when
 * nothing changed, from the launchers (`bin/start.mjs`, `bin/dpg.mjs`).
 * `npm test` imports the sources; the tests that spawn `dpg` and `npm start`
 * run this bundle (built once first: test/support/bundle.ts). Nothing
 * imports `dist/`.
 *
 * Packages are bundled too (one file read and compiled instead of hundreds
 * resolved: about 0.4 s of every start), except those that must stay files:
 * PGlite finds its WebAssembly beside its own files, esbuild and tsx run
 * binaries, the web pages' React is for the browser build. So an installed
 * package change rebuilds too: the lock file is in the fingerprint. A bare
 * `import('package')` of a CommonJS package loses its named exports in the
 * bundle: packages load lazily through modules of our own instead.
 *
 * Code that reads files beside itself (`import.meta.dirname`: schemas,
 * migrations, policies) is rewritten to read them beside its source, found
 * from the bundle's own place, so the bundle moves with the checkout.
 *
 *   node bin/bundle.mjs [--force] [--quiet]
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
const SOURCE_DIRS = ['bin', 'platform', 'gateway', 'schema-registry', 'policies', 'subgraphs'];
const ENTRIES = { start: 'bin/start.ts', dpg: 'bin/dpg.ts', 'web-build': 'gateway/web/build.ts' };
const STAMP = path.join(DIST, 'stamp.json');

/** Cheap fingerprint of every server source and of what npm installed: path, size and mtime (no reads). */
function fingerprint() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name === 'app' || e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.test.ts')) {
        const s = fs.statSync(full);
        hash.update(`${path.relative(ROOT, full)}\0${s.size}\0${s.mtimeMs}\0`);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(path.join(ROOT, dir));
  // What npm installed: bundled packages change with it.
  for (const file of ['package-lock.json', 'node_modules/.package-lock.json']) {
    try {
      const s = fs.statSync(path.join(ROOT, file));
      hash.update(`${file}\0${s.size}\0${s.mtimeMs}\0`);
    } catch {}
  }
  return hash.digest('hex');
}

export function isFresh() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8')).fingerprint === fingerprint();
  } catch {
    return false;
  }
}

/** Rewrites `import.meta.{dirname,filename,url}` to the source file's own place, relative to the bundle. */
const sourcePaths = {
  name: 'source-paths',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      let text = await fs.promises.readFile(args.path, 'utf8');
      if (text.includes('import.meta.')) {
        const rel = path.relative(ROOT, args.path).split(path.sep).join('/');
        const file = `__dpgSource(${JSON.stringify(rel)})`;
        text = text
          .replaceAll('import.meta.dirname', `__dpgDir(${file})`)
          .replaceAll('import.meta.filename', file)
          .replaceAll('import.meta.url', `__dpgUrl(${file})`);
      }
      return { contents: text, loader: 'ts' };
    });
  },
};

const BANNER = [
  "import { dirname as __dpgDir } from 'node:path';",
  "import { fileURLToPath as __dpgPath, pathToFileURL as __dpgToUrl } from 'node:url';",
  "const __dpgRoot = __dpgDir(__dpgDir(__dpgPath(import.meta.url)));",
  "const __dpgSource = (rel) => __dpgRoot + '/' + rel;",
  "const __dpgUrl = (file) => __dpgToUrl(file).href;",
  // Bundled CommonJS packages require Node's own modules.
  "import { createRequire as __dpgCreateRequire } from 'node:module';",
  "const require = __dpgCreateRequire(import.meta.url);",
].join('\n');

export async function bundle({ force = false, quiet = false } = {}) {
  const fp = fingerprint();
  if (!force && isFresh()) return false;
  const started = performance.now();
  const esbuild = await import('esbuild');
  const staging = `${DIST}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@electric-sql/pglite', 'esbuild', 'tsx', 'tsx/*', 'react', 'react-dom', 'graphiql', 'pg-native'],
    banner: { js: BANNER },
    plugins: [sourcePaths],
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(staging, path.basename(STAMP)), `${JSON.stringify({ fingerprint: fp, builtAt: new Date().toISOString() })}\n`);
  // Swap whole folders, so a process starting meanwhile never loads half a build.
  const old = `${DIST}.old-${process.pid}`;
  if (fs.existsSync(DIST)) fs.renameSync(DIST, old);
  fs.renameSync(staging, DIST);
  fs.rmSync(old, { recursive: true, force: true });
  if (!quiet) console.error(`services bundled into dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

/** Builds the server bundles, then the web pages (with the bundled web build: no TypeScript loader needed). */
export async function buildAll(options = {}) {
  await bundle(options);
  const { buildWebAssets } = await import(pathToFileURL(path.join(DIST, 'web-build.mjs')).href);
  const { built } = await buildWebAssets({ force: options.force });
  if (built && !options.quiet) console.error('web pages built into gateway/web/dist/');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await buildAll({ force: process.argv.includes('--force'), quiet: process.argv.includes('--quiet') });
  } catch (err) {
    console.error(`cannot build: ${err.message}`);
    process.exit(1);
  }
}
