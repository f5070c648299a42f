/** `dpg policy status`: which policy version every service of the supergraph enforces (policies/status.ts judges). */
import { EXIT, CommandFailed, type CommandInput } from '../../platform/cli.ts';
import { subgraphUrls } from '../../platform/supergraphSubgraphs.ts';
import { judgeStatuses, renderStatuses, serviceStatus } from '../status.ts';
import { supergraph } from './supergraphSource.ts';

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
