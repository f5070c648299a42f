/**
 * The last supergraph the gateway served, kept on disk so a gateway restarted
 * while the registry is down can still serve the graph it had.
 */
import fs from 'node:fs';
import path from 'node:path';

export function diskCache(dataDir: string) {
  const file = dataDir === 'memory' ? undefined : path.resolve(dataDir, 'gateway', 'supergraph.graphql');
  return {
    file,
    read(): string | undefined {
      if (!file) return undefined;
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    write(sdl: string): void {
      if (!file) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // Write then rename, so a crash mid-write never leaves half a supergraph.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, sdl);
      fs.renameSync(tmp, file);
    },
  };
}

export type DiskCache = ReturnType<typeof diskCache>;
