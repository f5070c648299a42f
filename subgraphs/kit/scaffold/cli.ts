/** `dpg domain new NAME`: a working domain folder in one command. */
import path from 'node:path';
import { EXIT, UsageError, type Command } from '../../../platform/cli.ts';
import { scaffoldDomain } from './scaffold.ts';

export const domainCommands: Command[] = [
  {
    name: 'domain new',
    summary: 'Scaffold a working domain: schema, data product, migration, seed, tables, resolvers and a test, on a free port.',
    args: ['NAME'],
    options: {
      dir: { type: 'string', value: 'DIR', description: 'Where to write it. Default: subgraphs/NAME (then `npm start` serves it with the other domains).' },
      port: { type: 'string', value: 'PORT', description: 'Its default port. Default: the first free one from 4010 that no other domain uses.' },
    },
    async run({ args: [name], options, io }) {
      const port = options.port === undefined ? undefined : Number(options.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65_535)) throw new UsageError(`--port must be a port number (got ${String(options.port)})`);
      const dir = path.resolve(io.cwd, typeof options.dir === 'string' ? options.dir : path.join('subgraphs', name));
      // Ports the mesh's domains already claim (built in and discovered); loaded here so other commands stay fast.
      const { domains } = await import('../../index.ts');
      const result = await scaffoldDomain(name, dir, { port, takenPorts: domains.map((d) => d.defaultPort) });
      const inside = path.relative(io.cwd, result.dir);
      const shown = inside.startsWith('..') || path.isAbsolute(inside) ? result.dir : inside;
      const at = path.isAbsolute(shown) ? shown : `./${shown}`;
      if (options.json) {
        io.out(`${JSON.stringify({ name, ...result })}\n`);
        return EXIT.ok;
      }
      io.out(`Created domain "${name}" in ${shown} (port ${result.port}):
${result.files.map((f) => `  ${f}`).join('\n')}

Next:
  npx tsx --test ${at}/domain.test.ts      its own test
  npm run start:subgraph -- ${at}          serve it on its own (it publishes to the registry)
  SUBGRAPH_TRUST=development npm run start:subgraph -- ${at}
                                           …and answer direct calls (rover, Sandbox) as SUBGRAPH_TEST_PRINCIPAL

Its fields are denied until governance grants them: add a grant naming \`subgraph: ${name}\` to the policy.
`);
      return EXIT.ok;
    },
  },
];
