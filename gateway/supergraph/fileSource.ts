/** Serves a supergraph file and reloads it when it changes, for operators without a registry. */
import fs from 'node:fs';
import type { Logger } from '../../platform/log.ts';
import { sha256 } from '../../platform/hash.ts';
import type { SupergraphSource } from './source.ts';

export function fileSource(file: string, intervalMs: number, logger: Logger): SupergraphSource {
  let lastHash: string | undefined;
  let lastError: string | undefined;
  let onChange: (() => void) | undefined;

  return {
    start(onUpdate) {
      const load = async () => {
        try {
          const sdl = fs.readFileSync(file, 'utf8');
          const hash = sha256(sdl);
          lastError = undefined;
          if (hash !== lastHash) {
            lastHash = hash;
            await onUpdate({ sdl, hash, origin: 'file' });
          }
        } catch (err) {
          lastError = (err as Error).message;
          logger.error({ err: lastError, file }, 'cannot read supergraph file; keeping the current supergraph');
        }
      };
      // watchFile polls, which works on every file system (including bind mounts
      // where inotify events never arrive).
      onChange = () => void load();
      fs.watchFile(file, { interval: intervalMs }, onChange);
      void load();
    },
    status: () => ({ kind: 'file', file, lastError: lastError ?? null }),
    stop() {
      if (onChange) fs.unwatchFile(file, onChange);
    },
  };
}
