/**
 * The services under test run as child processes of their own, so each
 * gateway has its own CPU time and memory to measure. A child announces
 * itself with one `READY <json>` line on stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

export interface Child<T> {
  pid: number;
  info: T;
  stop(): Promise<void>;
}

export async function startChild<T>(entry: string, env: NodeJS.ProcessEnv, options: { timeoutMs?: number; execArgv?: string[] } = {}): Promise<Child<T>> {
  // Generous: on a loaded machine seeding and composing the mesh can take minutes.
  const timeoutMs = options.timeoutMs ?? 1_500_000;
  const child: ChildProcess = spawn(process.execPath, [...(options.execArgv ?? []), '--import', 'tsx', path.join(import.meta.dirname, entry)], {
    env: { ...process.env, ...env },
    // stdin stays open while the harness lives: a child whose stdin ends has lost its parent and stops.
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const info = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before it was ready`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(6)) as T);
    });
  });
  return {
    pid: child.pid!,
    info,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Announces a child as ready; it stops cleanly on SIGTERM, or when the harness is gone. */
export function announce(info: unknown, close: () => Promise<void>): void {
  process.stdout.write(`READY ${JSON.stringify(info)}\n`);
  const stop = () => void close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop).resume();
}

/** Resident memory of a process (Linux): now and its peak so far, in MiB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}
