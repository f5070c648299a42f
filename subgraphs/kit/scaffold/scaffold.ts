/**
 * `dpg domain new`: writes a new domain folder (templates.ts) on a port no
 * other domain uses and nothing listens on, importing the kit by a path
 * relative to wherever the folder is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { assertPortsFree } from '../../../platform/ports.ts';
import { scaffoldFiles, scaffoldNames } from './templates.ts';

const KIT = path.join(import.meta.dirname, '..', 'index.ts');
/** The first port tried: above the built-in domains (4001–4006) and below the registry (4100). */
export const FIRST_PORT = 4010;
const RESERVED = new Set([4000, 4100]);

export interface ScaffoldResult {
  dir: string;
  port: number;
  files: string[];
}

async function isFree(port: number, host: string): Promise<boolean> {
  try {
    await assertPortsFree([{ port, host, service: 'new domain', remedy: '' }]);
    return true;
  } catch {
    return false;
  }
}

/** The first port from FIRST_PORT that no known domain claims and nothing listens on. */
export async function freeDomainPort(taken: readonly number[], host = '127.0.0.1'): Promise<number> {
  const claimed = new Set([...taken, ...RESERVED]);
  for (let port = FIRST_PORT; port < 65_000; port++) if (!claimed.has(port) && (await isFree(port, host))) return port;
  throw new Error('no free port found for the new domain');
}

export async function scaffoldDomain(name: string, dir: string, options: { port?: number; takenPorts?: readonly number[] } = {}): Promise<ScaffoldResult> {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) throw new Error(`domain name "${name}" must be lowercase letters and digits, words joined by single dashes (e.g. fleet-ops)`);
  const target = path.resolve(dir);
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) throw new Error(`${dir} exists and is not empty: choose another --dir`);
  const port = options.port ?? (await freeDomainPort(options.takenPorts ?? []));
  let kit = path.relative(target, KIT).split(path.sep).join('/');
  if (!kit.startsWith('.')) kit = `./${kit}`;
  const files = scaffoldFiles(scaffoldNames(name, port, kit));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    fs.writeFileSync(path.join(target, file), text);
  }
  return { dir: target, port, files: Object.keys(files) };
}
