import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './dataDirLock.ts';

const dirs: string[] = [];
const tmpDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-lock-'));
  dirs.push(dir);
  return path.join(dir, 'pglite');
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const holder = (pid: number) => JSON.stringify({ pid, host: os.hostname(), command: 'npm start', since: '2025-01-01T00:00:00.000Z' });

/** A process that has come and gone: its pid names no one. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

describe('lockDataDir', () => {
  it('lets one holder at a time in, this process included, and lets the next in once released', () => {
    const dir = tmpDir();
    const release = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(`${dir}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(`the embedded database ${dir} is in use by this process`);
    release();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    lockDataDir(dir)();
  });

  it('refuses a directory a live process holds, naming the directory, the process and the way out', async () => {
    const dir = tmpDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      fs.writeFileSync(`${dir}.lock`, holder(other.pid!));
      const err = (() => {
        try {
          lockDataDir(dir);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(err?.message).toBe(`the embedded database ${dir} is in use by process ${other.pid} (npm start, since 2025-01-01T00:00:00.000Z): stop that process first, or start this one with another DATA_DIR. If no such process is running, delete ${dir}.lock.`);
      // Refusing changed nothing.
      expect(fs.readFileSync(`${dir}.lock`, 'utf8')).toBe(holder(other.pid!));
      expect(fs.existsSync(dir)).toBe(false);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over the lock of a process that died without releasing it', async () => {
    const dir = tmpDir();
    fs.writeFileSync(`${dir}.lock`, holder(await deadPid()));
    const release = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(`${dir}.lock`, 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('treats a lock still being written as held, and an old unreadable one as stale', () => {
    const dir = tmpDir();
    fs.writeFileSync(`${dir}.lock`, '');
    expect(() => lockDataDir(dir)).toThrow(/in use by another process that is taking it right now/);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(`${dir}.lock`, old, old);
    lockDataDir(dir)();
  });
});
