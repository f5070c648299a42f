/**
 * The registry's `dpg` commands, as a table: what domain teams run in CI
 * (`subgraph check`, `subgraph publish`), what they run by hand (`list`,
 * `history`, `rollback`, `supergraph fetch`, `catalog`), and the admin's
 * `registry token create`. Each command is a request to the registry and a
 * rendering of its answer; the registry decides, the CLI explains.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, UsageError, type Command, type CommandInput, type OptionSpec } from '../platform/cli.ts';
import type { Finding } from './checks/finding.ts';
import { refusal, registryClient, type RegistryClient } from './cli/client.ts';
import { readSchemaFiles } from './cli/files.ts';
import { renderFindings, summaryLine, table } from './cli/render.ts';

/** Where a subgraph not yet published claims to live during a check; only composition sees it. */
const UNPUBLISHED_URL = 'http://unpublished.invalid/graphql';

const schemaOptions: Record<string, OptionSpec> = {
  name: { type: 'string', value: 'NAME', description: 'Subgraph name, e.g. sales.', required: true },
  schema: { type: 'string', value: 'FILE', description: 'The subgraph schema (schema.graphql).', required: true },
  'data-product': { type: 'string', value: 'FILE', description: 'The data-product descriptor. Default: data-product.yaml beside the schema, if there is one.' },
};

const text = (v: CommandInput['options'][string]) => (typeof v === 'string' ? v : undefined);

function print(io: CommandInput['io'], json: boolean, data: unknown, readable: () => string): void {
  io.out(json ? `${JSON.stringify(data, null, 2)}\n` : `${readable()}\n`);
}

/** The body of a check or publish, read from the files the options name. */
function proposal({ options, io }: CommandInput, url: string | undefined) {
  const files = readSchemaFiles(io.cwd, text(options.schema)!, text(options['data-product']));
  if (files.descriptorFile && !options.json && !options['data-product']) io.err(`using ${path.relative(io.cwd, files.descriptorFile) || files.descriptorFile}\n`);
  return { sdl: files.sdl, url, dataProduct: files.dataProduct, ...(text(options.version) ? { label: text(options.version) } : {}) };
}

async function currentUrl(registry: RegistryClient, name: string): Promise<string> {
  const reply = await registry.get(`/subgraphs/${encodeURIComponent(name)}`);
  return reply.ok ? reply.body.url : UNPUBLISHED_URL;
}

const subgraphPath = (name: string, rest = '') => `/subgraphs/${encodeURIComponent(name)}${rest}`;

export const commands: Command[] = [
  {
    name: 'subgraph check',
    summary: 'Run every registry check (ownership, composition, breaking changes against real usage, governance lint, policy impact) on a schema; changes nothing. Exits 1 when the change must not ship.',
    options: { ...schemaOptions, url: { type: 'string', value: 'URL', description: 'The URL the gateway will reach the subgraph at. Default: the live one.' } },
    async run(input) {
      const { options, io } = input;
      const registry = registryClient(io);
      const name = text(options.name)!;
      const body = proposal(input, text(options.url) ?? (await currentUrl(registry, name)));
      const reply = await registry.post(subgraphPath(name, '/check'), body);
      if (reply.status !== 200) {
        if (options.json) print(io, true, { status: reply.status, ...reply.body }, () => '');
        else io.err(`dpg subgraph check: ${name} cannot be checked\n${reply.body.findings ? renderFindings(reply.body.findings) : refusal(reply)}\n`);
        return EXIT.failed;
      }
      const findings = reply.body.findings as Finding[];
      print(io, Boolean(options.json), reply.body, () => `${renderFindings(findings)}\n\n${reply.body.ok ? '✔ passed' : '✖ failed'}: ${name} — ${summaryLine(findings)}${reply.body.ok ? '' : '; this change must not ship'}`);
      return reply.body.ok ? EXIT.ok : EXIT.failed;
    },
  },
  {
    name: 'subgraph publish',
    summary: 'Run the same checks, then store the version and compose the new supergraph. Nothing changes when a check fails.',
    options: {
      ...schemaOptions,
      url: { type: 'string', value: 'URL', description: 'The URL the gateway reaches the subgraph at.', required: true },
      version: { type: 'string', value: 'LABEL', description: 'Your name for this version (a git SHA, a release); usable with rollback --to.' },
    },
    async run(input) {
      const { options, io } = input;
      const registry = registryClient(io);
      const name = text(options.name)!;
      const reply = await registry.post(subgraphPath(name), proposal(input, text(options.url)));
      const b = reply.body;
      if (options.json) print(io, true, { status: reply.status, ...(typeof b === 'object' ? b : { error: b }) }, () => '');
      const report = b.findings?.length ? `${renderFindings(b.findings)}\n\n` : '';
      if (reply.status === 201) {
        if (!options.json) io.out(`${report}✔ published ${name} v${b.version}${b.findings ? ` — ${summaryLine(b.findings)}` : ''}; supergraph ${b.supergraph.id}\n`);
        return EXIT.ok;
      }
      if (reply.status === 200) {
        if (!options.json) io.out(`✔ unchanged: ${name} v${b.version} is already live with this schema, URL and descriptor\n`);
        return EXIT.ok;
      }
      if (!options.json) io.err(`${report}✖ refused (${reply.status}): ${b.findings ? summaryLine(b.findings) : refusal(reply)}; nothing was stored\n`);
      return EXIT.failed;
    },
  },
  {
    name: 'subgraph list',
    summary: 'The live version of every subgraph, with its owner.',
    async run({ options, io }) {
      const reply = await registryClient(io).get('/subgraphs');
      if (!reply.ok) throw new Error(refusal(reply));
      print(io, Boolean(options.json), reply.body, () => table({ subgraph: 'SUBGRAPH', version: 'VERSION', label: 'LABEL', team: 'TEAM', url: 'URL', publishedAt: 'PUBLISHED' }, reply.body));
      return EXIT.ok;
    },
  },
  {
    name: 'subgraph history',
    summary: 'Every version of a subgraph, oldest first; * marks the live one.',
    args: ['NAME'],
    async run({ args, options, io }) {
      const reply = await registryClient(io).get(subgraphPath(args[0], '/versions'));
      if (!reply.ok) throw new Error(refusal(reply));
      print(io, Boolean(options.json), reply.body, () =>
        table({ live: '', version: 'VERSION', label: 'LABEL', publishedAt: 'PUBLISHED', publishedBy: 'BY', url: 'URL' }, reply.body.map((v: { current: boolean }) => ({ ...v, live: v.current ? '*' : '' }))),
      );
      return EXIT.ok;
    },
  },
  {
    name: 'subgraph rollback',
    summary: 'Make an earlier version live again (a new supergraph; history is kept). Refused when it no longer composes.',
    args: ['NAME'],
    options: { to: { type: 'string', value: 'VERSION', description: 'Version number, or the label given at publish.', required: true } },
    async run({ args, options, io }) {
      const to = text(options.to)!;
      const body = /^\d+$/.test(to) ? { version: Number(to) } : { label: to };
      const reply = await registryClient(io).post(subgraphPath(args[0], '/rollback'), body);
      const b = reply.body;
      if (options.json) print(io, true, { status: reply.status, ...(typeof b === 'object' ? b : { error: b }) }, () => '');
      if (!reply.ok) {
        if (!options.json) io.err(`✖ rollback refused (${reply.status}): ${b.errors?.[0]?.check ? `\n${renderFindings(b.errors)}` : refusal(reply)}\n`);
        return EXIT.failed;
      }
      if (!options.json) io.out(b.status === 'unchanged' ? `✔ ${args[0]} v${b.version} is already live\n` : `✔ rolled back ${args[0]} from v${b.previousVersion} to v${b.version}; supergraph ${b.supergraph.id}\n`);
      return EXIT.ok;
    },
  },
  {
    name: 'supergraph fetch',
    summary: 'The live supergraph SDL, to stdout or a file.',
    options: { out: { type: 'string', value: 'FILE', description: 'Write it to this file instead of stdout.' } },
    async run({ options, io }) {
      const reply = await registryClient(io).get('/supergraph');
      if (!reply.ok) throw new Error(refusal(reply));
      const meta = { id: Number(reply.headers.get('x-supergraph-id')), etag: reply.headers.get('etag') };
      const out = text(options.out);
      if (!out) {
        io.out(options.json ? `${JSON.stringify({ ...meta, sdl: reply.body })}\n` : reply.body);
        return EXIT.ok;
      }
      const file = path.resolve(io.cwd, out);
      try {
        fs.writeFileSync(file, reply.body);
      } catch (err) {
        throw new UsageError(`cannot write ${file}: ${(err as Error).message}`);
      }
      print(io, Boolean(options.json), { ...meta, file }, () => `wrote supergraph ${meta.id} to ${file}`);
      return EXIT.ok;
    },
  },
  {
    name: 'catalog',
    summary: 'The data products of the mesh: owner, classification, freshness, version, what each is built from, and (with a registry token) the clients that use them.',
    async run({ options, io }) {
      const registry = registryClient(io);
      const reply = await registry.get('/catalog');
      if (!reply.ok) throw new Error(refusal(reply));
      if (!registry.hasToken && !options.json) io.err('clients are listed only for a registry token (DPG_TOKEN)\n');
      const rows = reply.body.map((p: any) => ({
        ...p,
        freshness: p.sla?.freshness,
        fieldCount: p.fields.length,
        builtFromList: p.builtFrom.join(', '),
        clientList: p.clients.map((c: { client: string }) => c.client).join(', '),
        published: `v${p.version} ${String(p.lastPublishedAt).slice(0, 10)}`,
      }));
      print(io, Boolean(options.json), reply.body, () =>
        table(
          { id: 'PRODUCT', name: 'NAME', team: 'OWNER', classification: 'CLASSIFICATION', freshness: 'FRESHNESS', status: 'STATUS', fieldCount: 'FIELDS', published: 'PUBLISHED', builtFromList: 'BUILT FROM', clientList: 'CLIENTS' },
          rows,
        ),
      );
      return EXIT.ok;
    },
  },
  {
    name: 'registry token create',
    summary: 'Create a registry token (admin or governance token in DPG_TOKEN). It is shown once; the registry keeps only its hash.',
    options: {
      team: { type: 'string', value: 'TEAM', description: 'The team the token acts for, e.g. sales-ops.', required: true },
      role: { type: 'string', value: 'ROLE', description: 'team (publishes its own subgraphs; default), governance, admin, or gateway (reports usage only).' },
      label: { type: 'string', value: 'TEXT', description: 'Who or what uses it, shown in history as the publisher.' },
    },
    async run({ options, io }) {
      const reply = await registryClient(io).post('/tokens', { team: text(options.team), role: text(options.role) ?? 'team', ...(text(options.label) ? { label: text(options.label) } : {}) });
      if (!reply.ok) {
        if (options.json) print(io, true, { status: reply.status, ...reply.body }, () => '');
        else io.err(`✖ ${refusal(reply)}\n`);
        return EXIT.failed;
      }
      print(io, Boolean(options.json), reply.body, () => `${reply.body.token}\n\ncreated ${reply.body.role} token ${reply.body.id} for team ${reply.body.team}; store it now — the registry keeps only its hash`);
      return EXIT.ok;
    },
  },
];
