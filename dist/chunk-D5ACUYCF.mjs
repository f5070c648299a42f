import { dirname as __dpgDir } from 'node:path';
import { fileURLToPath as __dpgPath, pathToFileURL as __dpgToUrl } from 'node:url';
const __dpgRoot = __dpgDir(__dpgDir(__dpgPath(import.meta.url)));
const __dpgSource = (rel) => __dpgRoot + '/' + rel;
const __dpgUrl = (file) => __dpgToUrl(file).href;

// gateway/web/build.ts
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
var WEB_DIR = __dpgDir(__dpgSource("gateway/web/build.ts"));
var DIST_DIR = path.join(WEB_DIR, "dist");
var PAGES = ["graphiql", "portal"];
var MANIFEST = "manifest.json";
function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.endsWith(".test.ts")) files.push(full);
    }
  };
  walk(path.join(WEB_DIR, "app"));
  return [...files, path.join(WEB_DIR, "examples.ts"), __dpgSource("gateway/web/build.ts"), path.join(WEB_DIR, "..", "..", "package-lock.json")];
}
function sourceHash() {
  const hash = createHash("sha256");
  for (const file of sourceFiles()) {
    hash.update(path.relative(WEB_DIR, file)).update("\0");
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}
function readManifest(dir = DIST_DIR) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8"));
  } catch {
    return void 0;
  }
}
async function buildWebAssets(options = {}) {
  const outDir = options.outDir ?? DIST_DIR;
  const hash = sourceHash();
  const existing = readManifest(outDir);
  if (!options.force && existing?.sourceHash === hash) return { manifest: existing, built: false };
  const esbuild = await import("esbuild");
  const staging = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: Object.fromEntries(PAGES.map((p) => [p, path.join(WEB_DIR, "app", p, "main.tsx")])),
    outdir: staging,
    entryNames: "[name]-[hash]",
    assetNames: "[name]-[hash]",
    bundle: true,
    minify: true,
    format: "esm",
    target: ["es2022", "chrome111", "firefox113", "safari16.4"],
    jsx: "automatic",
    // Everything a page needs ships inside its bundle: fonts and images as files beside it.
    loader: { ".woff2": "file", ".woff": "file", ".ttf": "file", ".svg": "file", ".png": "file" },
    define: { "process.env.NODE_ENV": '"production"' },
    legalComments: "linked",
    metafile: true,
    logLevel: "warning"
  });
  const pages = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const page = output.entryPoint && PAGES.find((p) => output.entryPoint.endsWith(`app/${p}/main.tsx`));
    if (!page) continue;
    pages[page] = { script: path.basename(file), style: path.basename(output.cssBundle ?? "") };
  }
  for (const page of PAGES) if (!pages[page]?.script || !pages[page].style) throw new Error(`build produced no script and stylesheet for the ${page} page`);
  const manifest = { sourceHash: hash, builtAt: (/* @__PURE__ */ new Date()).toISOString(), pages };
  fs.writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}
`);
  const old = `${outDir}.old-${process.pid}`;
  if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
  fs.renameSync(staging, outDir);
  fs.rmSync(old, { recursive: true, force: true });
  return { manifest, built: true };
}
if (__dpgUrl(__dpgSource("gateway/web/build.ts")) === pathToFileURL(process.argv[1] ?? "").href) {
  const started = performance.now();
  try {
    const { built } = await buildWebAssets({ force: process.argv.includes("--force") });
    const took = ((performance.now() - started) / 1e3).toFixed(1);
    console.log(built ? `web pages built into ${path.relative(process.cwd(), DIST_DIR)}/ in ${took} s` : "web pages are up to date");
  } catch (err) {
    console.error(`web pages could not be built: ${err.message}`);
    process.exit(1);
  }
}

export {
  WEB_DIR,
  DIST_DIR,
  PAGES,
  readManifest,
  buildWebAssets
};
