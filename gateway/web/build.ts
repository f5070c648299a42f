/**
 * Builds the gateway's web pages (GraphiQL and the data-product portal) from
 * `app/` into static assets with esbuild: one script and one stylesheet per
 * page, content-hashed names, and a manifest the gateway serves them by.
 * Runs on `npm ci` (the root `prepare` script), before `npm start`, and
 * before the browser tests; it skips the work when nothing it reads changed.
 *
 *   npx tsx gateway/web/build.ts [--force]
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const WEB_DIR = import.meta.dirname;
export const DIST_DIR = path.join(WEB_DIR, 'dist');
export const PAGES = ['graphiql', 'portal'] as const;
export type PageName = (typeof PAGES)[number];

export interface WebManifest {
  /** Digest of everything the build read; equal digests mean an identical build. */
  sourceHash: string;
  builtAt: string;
  /** Asset file names (in `dist/`) each page loads. */
  pages: Record<PageName, { script: string; style: string }>;
}

const MANIFEST = 'manifest.json';

/** Files whose content decides the output: the app's sources, this script and the locked dependency versions. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.endsWith('.test.ts')) files.push(full);
    }
  };
  walk(path.join(WEB_DIR, 'app'));
  return [...files, path.join(WEB_DIR, 'examples.ts'), import.meta.filename, path.join(WEB_DIR, '..', '..', 'package-lock.json')];
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles()) {
    hash.update(path.relative(WEB_DIR, file)).update('\0');
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function readManifest(dir = DIST_DIR): WebManifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as WebManifest;
  } catch {
    return undefined;
  }
}

export interface BuildResult {
  manifest: WebManifest;
  /** False when the existing build was already up to date. */
  built: boolean;
}

export async function buildWebAssets(options: { outDir?: string; force?: boolean } = {}): Promise<BuildResult> {
  const outDir = options.outDir ?? DIST_DIR;
  const hash = sourceHash();
  const existing = readManifest(outDir);
  if (!options.force && existing?.sourceHash === hash) return { manifest: existing, built: false };

  // Imported here so the gateway, which only serves the result, never loads esbuild.
  const esbuild = await import('esbuild');
  const staging = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: Object.fromEntries(PAGES.map((p) => [p, path.join(WEB_DIR, 'app', p, 'main.tsx')])),
    outdir: staging,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    jsx: 'automatic',
    // Everything a page needs ships inside its bundle: fonts and images as files beside it.
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.svg': 'file', '.png': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });

  const pages = {} as WebManifest['pages'];
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const page = output.entryPoint && PAGES.find((p) => output.entryPoint!.endsWith(`app/${p}/main.tsx`));
    if (!page) continue;
    pages[page] = { script: path.basename(file), style: path.basename(output.cssBundle ?? '') };
  }
  for (const page of PAGES) if (!pages[page]?.script || !pages[page].style) throw new Error(`build produced no script and stylesheet for the ${page} page`);

  const manifest: WebManifest = { sourceHash: hash, builtAt: new Date().toISOString(), pages };
  fs.writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  // Swap whole folders, so a running gateway never sees half a build.
  const old = `${outDir}.old-${process.pid}`;
  if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
  fs.renameSync(staging, outDir);
  fs.rmSync(old, { recursive: true, force: true });
  return { manifest, built: true };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  try {
    const { built } = await buildWebAssets({ force: process.argv.includes('--force') });
    const took = ((performance.now() - started) / 1000).toFixed(1);
    console.log(built ? `web pages built into ${path.relative(process.cwd(), DIST_DIR)}/ in ${took} s` : 'web pages are up to date');
  } catch (err) {
    console.error(`web pages could not be built: ${(err as Error).message}`);
    process.exit(1);
  }
}
