/**
 * The supergraph of the repository's own subgraphs (`dpg policy … --local`).
 * Its own module so that only the commands that need GraphQL and federation
 * load them; packages are imported here statically, never with a bare
 * `import('package')`, which the bundle (bin/bundle.mjs) turns into a
 * module without its named exports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { CommandFailed } from '../../platform/cli.ts';

export function composeLocal(): string {
  const root = path.join(import.meta.dirname, '..', '..', 'subgraphs');
  const services = fs
    .readdirSync(root)
    .filter((d) => fs.existsSync(path.join(root, d, 'schema.graphql')))
    .map((d) => ({ name: d, url: `http://${d}/graphql`, typeDefs: parse(fs.readFileSync(path.join(root, d, 'schema.graphql'), 'utf8')) }));
  const result = composeServices(services);
  if (result.errors) throw new CommandFailed(`the repository's subgraphs do not compose:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.supergraphSdl;
}
