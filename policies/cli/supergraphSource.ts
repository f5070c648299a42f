/** Where the policy commands get the supergraph they check against. */
import fs from 'node:fs';
import path from 'node:path';
import { CommandFailed, type CommandInput } from '../../platform/cli.ts';

export const registryUrl = (io: CommandInput['io']) => (io.env.DPG_REGISTRY_URL ?? 'http://127.0.0.1:4100').replace(/\/+$/, '');
/** The supergraph policies are checked against: a file, the repository's own subgraphs, or the registry's live one. */
export async function supergraph(input: CommandInput): Promise<string> {
  const { options, io } = input;
  if (typeof options.supergraph === 'string') return fs.readFileSync(path.resolve(io.cwd, options.supergraph), 'utf8');
  if (options.local) {
    const root = path.join(import.meta.dirname, '..', '..', 'subgraphs');
    // GraphQL and federation are loaded only by the commands that need them, so every other `dpg` command starts fast.
    const { parse } = await import('graphql');
    const services = fs
      .readdirSync(root)
      .filter((d) => fs.existsSync(path.join(root, d, 'schema.graphql')))
      .map((d) => ({ name: d, url: `http://${d}/graphql`, typeDefs: parse(fs.readFileSync(path.join(root, d, 'schema.graphql'), 'utf8')) }));
    const { composeServices } = await import('@apollo/composition');
    const result = composeServices(services);
    if (result.errors) throw new CommandFailed(`the repository's subgraphs do not compose:\n${result.errors.map((e) => e.message).join('\n')}`);
    return result.supergraphSdl;
  }
  const url = registryUrl(io);
  const res = await fetch(`${url}/supergraph`).catch((err: Error) => {
    throw new CommandFailed(`cannot reach the registry at ${url} (${err.message}); pass --supergraph FILE or --local`);
  });
  if (!res.ok) throw new CommandFailed(`the registry at ${url} has no supergraph (${res.status}); pass --supergraph FILE or --local`);
  return res.text();
}
