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
import { registryUrl, supergraph } from './supergraphSource.ts';
import { checkDecisions, checkResponse, loadCases } from '../testing/cases.ts';

const TESTS_DIR = path.join(import.meta.dirname, '..', 'tests');
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
