/**
 * `dpg`, the command line domain teams and the governance team run, locally
 * and in CI. A thin dispatcher: each concern contributes its own table of
 * commands, and a new concern is one more table in the list below.
 */
import { runCli } from '../platform/cli.ts';
import { commands as identityCommands, devIdentity } from '../gateway/cli.ts';
import { policyCommands } from '../policies/cli.ts';
import { commands as registryCommands } from '../schema-registry/cli.ts';
import { domainCommands } from '../subgraphs/kit/scaffold/cli.ts';

const commands = [...registryCommands, ...identityCommands, ...policyCommands(devIdentity), ...domainCommands];

process.exitCode = await runCli(commands, process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
});
