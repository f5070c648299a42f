/**
 * A new PGlite cluster starts from a copy of one made earlier in the process.
 *
 * Creating a cluster runs initdb in WebAssembly: about four seconds of CPU,
 * the largest part of a cold `npm start` (seven clusters: the registry and
 * six domains) and of every in-memory mesh a test starts. Loading an
 * initialised cluster from its tarball takes about a quarter of that. So the
 * first fresh cluster of a process is made in memory, dumped (gzip: a few
 * MB kept), and every fresh cluster after it — on disk or in memory — is
 * loaded from that dump. A data directory that already holds a cluster is
 * opened as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

let template: Promise<Blob> | undefined;

function freshCluster(): Promise<Blob> {
  template ??= (async () => {
    const lite = await PGlite.create();
    try {
      return await lite.dumpDataDir('gzip');
    } finally {
      await lite.close();
    }
  })();
  // A failure is not kept: the next fresh cluster tries again.
  template.catch(() => (template = undefined));
  return template;
}

/** What to start a cluster at `dir` (undefined: in memory) from: nothing when it already holds one. */
export async function clusterToLoad(dir: string | undefined): Promise<Blob | undefined> {
  if (dir && fs.existsSync(path.join(dir, 'PG_VERSION'))) return undefined;
  return freshCluster();
}
