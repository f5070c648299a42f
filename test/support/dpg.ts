/** Runs the `dpg` CLI the way a user or a CI job does: the installed bin (bin/dpg.mjs, precompiled), a separate process, exit code and output. */
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..', '..');

export interface DpgRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runDpg(args: string[], env: Record<string, string | undefined>, cwd = ROOT): Promise<DpgRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'dpg.mjs'), ...args], {
      cwd,
      // Only what a CI job would set: no test-runner variables leak into the CLI.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
