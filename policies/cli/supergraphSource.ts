/** Where the policy commands get the supergraph they check against. */
import fs from 'node:fs';
import path from 'node:path';
import { CommandFailed, type CommandInput } from '../../platform/cli.ts';

export const registryUrl = (io: CommandInput['io']) => (io.env.DPG_REGISTRY_URL ?? 'http://127.0.0.1:4100').replace(/\/+$/, '');
/** The supergraph policies are checked against: a file, the repository's own subgraphs, or the registry's live one. */
export async function supergraph(input: CommandInput): Promise<string> {
  const { options, io } = input;
  if (typeof options.supergraph === 'string') return fs.readFileSync(path.resolve(io.cwd, options.supergraph), 'utf8');
  // GraphQL and federation are loaded only by the commands that need them, so every other `dpg` command starts fast.
  if (options.local) return (await import('./composeLocal.ts')).composeLocal();
  const url = registryUrl(io);
  const res = await fetch(`${url}/supergraph`).catch((err: Error) => {
    throw new CommandFailed(`cannot reach the registry at ${url} (${err.message}); pass --supergraph FILE or --local`);
  });
  if (!res.ok) throw new CommandFailed(`the registry at ${url} has no supergraph (${res.status}); pass --supergraph FILE or --local`);
  return res.text();
}
