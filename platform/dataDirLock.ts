/**
 * One process per embedded database directory. PGlite keeps a PostgreSQL
 * data directory to itself: a second process opening the same one corrupts
 * it for good. So before opening, a process takes `<dir>.lock` — created
 * exclusively, holding its pid, host and command — and a second process that
 * finds it refuses at once, naming the directory and the holder, without
 * touching anything. A lock whose process has died (a crash, `kill -9`) is
 * stale and taken over. The lock goes when the database is closed, or when
 * the process exits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | undefined,
    readonly lockFile: string,
  ) {
    const who = holder
      ? `${holder.pid === process.pid ? 'this process' : `process ${holder.pid}`}${holder.host !== os.hostname() ? ` on ${holder.host}` : ''} (${holder.command || 'unknown command'}, since ${holder.since})`
      : 'another process that is taking it right now';
    super(`the embedded database ${dir} is in use by ${who}: stop that process first, or start this one with another DATA_DIR. If no such process is running, delete ${lockFile}.`);
    this.name = 'DataDirInUseError';
  }
}

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

const held = new Set<string>();
let exitHook = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function read(lockFile: string): { text: string; holder?: LockHolder; ageMs: number } | undefined {
  try {
    const text = fs.readFileSync(lockFile, 'utf8');
    const ageMs = Date.now() - fs.statSync(lockFile).mtimeMs;
    try {
      return { text, holder: JSON.parse(text) as LockHolder, ageMs };
    } catch {
      return { text, ageMs };
    }
  } catch {
    return undefined; // gone meanwhile
  }
}

/** Takes the lock of `dir` or throws DataDirInUseError; returns the release. */
export function lockDataDir(dir: string): () => void {
  const lockFile = `${dir}.lock`;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(lockFile, 'wx', 0o600);
      const me: LockHolder = { pid: process.pid, host: os.hostname(), command: process.argv.slice(1).join(' ').slice(0, 200), since: new Date().toISOString() };
      fs.writeSync(fd, JSON.stringify(me));
      fs.closeSync(fd);
      held.add(lockFile);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', () => held.forEach(releaseFile));
      }
      return () => {
        releaseFile(lockFile);
        held.delete(lockFile);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const found = read(lockFile);
    if (!found) continue;
    const { holder } = found;
    // A lock being written this very moment has no content yet: its writer is alive.
    if (!holder) {
      if (found.ageMs < 5000) throw new DataDirInUseError(dir, undefined, lockFile);
    } else if (holder.pid === process.pid || holder.host !== os.hostname() || alive(holder.pid)) {
      throw new DataDirInUseError(dir, holder, lockFile);
    }
    // Stale: remove it, unless someone replaced it since we read it.
    if (read(lockFile)?.text === found.text) fs.rmSync(lockFile, { force: true });
  }
  throw new DataDirInUseError(dir, read(lockFile)?.holder, lockFile);
}

function releaseFile(lockFile: string): void {
  try {
    if ((JSON.parse(fs.readFileSync(lockFile, 'utf8')) as LockHolder).pid === process.pid) fs.rmSync(lockFile, { force: true });
  } catch {
    // Already gone.
  }
}
