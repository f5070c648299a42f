/**
 * What the policy commands do (policies/cli.ts lists them): loaded only when
 * one of them runs, since the policy engine, GraphQL and federation take
 * most of a command's start-up and the other `dpg` commands need none of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { parse } from 'graphql';
import { CommandFailed, EXIT, UsageError, type CommandInput } from '../../platform/cli.ts';
import type { CliIdentity } from '../cli.ts';
import { compilePolicy } from '../engine/compile.ts';
import { explainOperation, formatExplanation } from '../engine/explain.ts';
import { interfaceObjectWarnings } from '../engine/interfaceObjects.ts';
import { formatProblems, parsePolicy, readPolicyDir } from '../engine/load.ts';
import { factsFromSupergraph } from '../engine/schemaFacts.ts';
import { validatePolicy } from '../engine/validate.ts';
import { principalFromClaims, type Principal } from '../principal.ts';
import { RULES_DIR } from '../references.ts';
import { subgraphUrls } from '../../platform/supergraphSubgraphs.ts';
import { judgeStatuses, renderStatuses, serviceStatus } from '../status.ts';
import { checkDecisions, checkResponse, loadCases } from '../testing/cases.ts';

const TESTS_DIR = path.join(import.meta.dirname, '..', 'tests');
const registryUrl = (io: CommandInput['io']) => (io.env.DPG_REGISTRY_URL ?? 'http://127.0.0.1:4100').replace(/\/+$/, '');
/** The supergraph policies are checked against: a file, the repository's own subgraphs, or the registry's live one. */
async function supergraph(input: CommandInput): Promise<string> {
  const { options, io } = input;
  if (typeof options.supergraph === 'string') return fs.readFileSync(path.resolve(io.cwd, options.supergraph), 'utf8');
  if (options.local) {
    const root = path.join(import.meta.dirname, '..', '..', 'subgraphs');
    const services = fs
      .readdirSync(root)
      .filter((d) => fs.existsSync(path.join(root, d, 'schema.graphql')))
      .map((d) => ({ name: d, url: `http://${d}/graphql`, typeDefs: parse(fs.readFileSync(path.join(root, d, 'schema.graphql'), 'utf8')) }));
    // Federation is loaded only by the commands that need it, so every other `dpg` command starts fast.
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

async function loadChecked(input: CommandInput) {
  const dir = path.resolve(input.io.cwd, String(input.options.dir ?? RULES_DIR));
  const { policy, problems } = parsePolicy(readPolicyDir(dir));
  const sdl = await supergraph(input);
  const facts = factsFromSupergraph(sdl);
  const all = policy ? validatePolicy(policy, facts) : problems;
  return { policy, problems: all, sdl, facts };
}

/** The policy, compiled against the supergraph, or a failure that lists every problem. */
async function loadValid(input: CommandInput) {
  const { policy, problems, sdl, facts } = await loadChecked(input);
  if (!policy || problems.length) throw new CommandFailed(`the policy does not load:\n${formatProblems(problems)}`);
  const { apiSchemaOf } = await import('../engine/apiSchema.ts');
  return { compiled: compilePolicy(policy, facts), schema: apiSchemaOf(sdl) };
}

export async function check(input: CommandInput): Promise<number> {
  const { policy, problems, facts } = await loadChecked(input);
  // Warnings never fail the check: they say where enforcement is stricter than the policy reads.
  const warnings = policy && !problems.length ? interfaceObjectWarnings(policy, facts) : [];
  if (input.options.json) input.io.out(`${JSON.stringify({ ok: problems.length === 0, version: policy?.version ?? null, problems, warnings })}\n`);
  else if (problems.length) input.io.err(`${formatProblems(problems)}\n\n${problems.length} problem(s)\n`);
  else {
    if (warnings.length) input.io.err(`${formatProblems(warnings.map((w) => ({ ...w, message: `warning: ${w.message}` })))}\n\n`);
    input.io.out(`policy ${policy!.version} is valid: ${policy!.documents.length} files${warnings.length ? `, ${warnings.length} warning(s)` : ''}\n`);
  }
  return problems.length ? EXIT.failed : EXIT.ok;
}

export async function test(input: CommandInput, identity: CliIdentity): Promise<number> {
  const { compiled, schema } = await loadValid(input);
  const cases = loadCases(path.resolve(input.io.cwd, String(input.options.tests ?? TESTS_DIR)));
  let failed = 0;
  for (const c of cases) {
    const failures = checkDecisions(c, compiled, schema);
    if (typeof input.options.gateway === 'string') {
      const token = await identity.mint(input.io, c.principal, '5m');
      const res = await fetch(`${String(input.options.gateway).replace(/\/+$/, '')}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: c.query }),
      });
      failures.push(...checkResponse(c, compiled, schema, (await res.json()) as never));
    }
    if (failures.length) failed++;
    input.io.out(`${failures.length ? '✗' : '✓'} ${c.name} (${c.file}:${c.line})\n${failures.map((f) => `    ${f}\n`).join('')}`);
  }
  input.io.out(`\n${cases.length - failed} passed, ${failed} failed\n`);
  return failed ? EXIT.failed : EXIT.ok;
}

export async function explain(input: CommandInput, identity: CliIdentity): Promise<number> {
  const { options, io } = input;
  const token = String(options.token);
  let principal: Principal;
  let note = '';
  try {
    principal = await identity.verify(io, token);
  } catch (err) {
    // Explaining a production token here still helps; say that it was not verified.
    try {
      principal = principalFromClaims(decodeJwt(token));
    } catch {
      throw new UsageError('--token is not a JWT');
    }
    note = `(token not verified here: ${(err as Error).message})\n`;
  }
  const { compiled, schema } = await loadValid(input);
  const text = String(options.query).startsWith('@') ? fs.readFileSync(path.resolve(io.cwd, String(options.query).slice(1)), 'utf8') : String(options.query);
  let document;
  try {
    document = parse(text);
  } catch (err) {
    throw new UsageError(`--query does not parse: ${(err as Error).message}`);
  }
  const explanation = explainOperation(compiled, schema, document, principal, options['operation-name'] as string | undefined);
  io.out(options.json ? `${JSON.stringify(explanation, null, 2)}\n` : `${note}${formatExplanation(explanation)}\n`);
  return EXIT.ok;
}

export async function publish({ options, io }: CommandInput): Promise<number> {
  const dir = path.resolve(io.cwd, String(options.dir ?? RULES_DIR));
  const files = readPolicyDir(dir).map((s) => ({ file: path.relative(dir, path.resolve(io.cwd, s.file)), text: s.text }));
  const res = await fetch(`${registryUrl(io)}/policies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(io.env.DPG_TOKEN ? { authorization: `Bearer ${io.env.DPG_TOKEN}` } : {}) },
    body: JSON.stringify({ files }),
  });
  const body = (await res.json().catch(() => ({}))) as { version?: string; problems?: { file: string; line: number; message: string }[]; errors?: { message: string }[] };
  if (options.json) io.out(`${JSON.stringify({ status: res.status, ...body })}\n`);
  if (!res.ok) {
    if (!options.json) io.err(`${body.problems ? formatProblems(body.problems) : (body.errors?.[0]?.message ?? `registry answered ${res.status}`)}\n`);
    return EXIT.failed;
  }
  if (!options.json) io.out(`published policy ${body.version}\n`);
  return EXIT.ok;
}

export async function status(input: CommandInput): Promise<number> {
  const { options, io } = input;
  const gateway = String(options.gateway ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');
  const subgraphs = Object.entries(subgraphUrls(await supergraph(input))).map(([name, url]) => ({ name, url }));
  if (!subgraphs.length) throw new CommandFailed('the supergraph names no subgraphs (no @join__graph values): is it a supergraph?');
  const services = await Promise.all([{ name: 'gateway', url: gateway }, ...subgraphs.map((s) => ({ name: s.name, url: s.url.replace(/\/graphql\/?$/, '') }))].map(serviceStatus));
  const verdict = judgeStatuses(services);
  if (options.json) io.out(`${JSON.stringify({ ok: verdict.ok, findings: verdict.findings, services }, null, 2)}\n`);
  else io.out(`${renderStatuses(services)}\n\n${verdict.ok ? `✔ every service enforces policy ${services[0].version}, checked against supergraph ${services[0].supergraph?.slice(0, 12)}` : verdict.findings.map((f) => `✖ ${f}`).join('\n')}\n`);
  return verdict.ok ? EXIT.ok : EXIT.failed;
}
