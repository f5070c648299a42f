/**
 * The shape every `dpg` command has, and the dispatcher that picks one from
 * argv. Each concern (registry, policies, …) contributes a table of commands;
 * `bin/dpg.ts` only concatenates the tables, so a new concern adds commands
 * without touching anyone else's.
 *
 * Exit codes are part of the contract CI scripts rely on: 0 ok, 1 the check
 * failed or the registry refused, 2 the command line itself was wrong.
 */
import { parseArgs } from 'node:util';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Shown in help as `--name VALUE`. */
  value?: string;
  required?: boolean;
  /** May be given several times; the value is then a list. */
  multiple?: boolean;
}

export interface CommandInput {
  /** Positional arguments after the command words. */
  args: string[];
  options: Record<string, string | boolean | string[] | undefined>;
  io: Io;
}

export interface Command {
  /** The words that select the command, e.g. "subgraph check". */
  name: string;
  summary: string;
  /** Positional arguments, e.g. ["NAME"]; all are required. */
  args?: string[];
  options?: Record<string, OptionSpec>;
  run(input: CommandInput): Promise<number>;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Thrown by a command for a wrong command line: printed with the command's usage, exit 2. */
export class UsageError extends Error {}

/** Thrown by a command for a refusal or failure it already explained in the message: exit 1. */
export class CommandFailed extends Error {}

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'Print the result as JSON instead of a readable report.' },
  help: { type: 'boolean', description: 'Show help for the command.' },
};

/** The command whose words are the longest prefix of argv, and the argv after them. */
export function findCommand(commands: readonly Command[], argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  const ranked = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of ranked) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

export function commandUsage(command: Command): string {
  const options = { ...command.options, ...GLOBAL_OPTIONS };
  const synopsis = [
    command.name,
    ...(command.args ?? []),
    ...Object.entries(command.options ?? {}).map(([name, o]) => {
      const flag = o.type === 'string' ? `--${name} ${o.value ?? 'VALUE'}` : `--${name}`;
      return o.required ? flag : `[${flag}]`;
    }),
  ].join(' ');
  const width = Math.max(...Object.entries(options).map(([n, o]) => n.length + (o.type === 'string' ? (o.value ?? 'VALUE').length + 1 : 0))) + 4;
  const lines = Object.entries(options).map(([name, o]) => `  ${`--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`.padEnd(width)}${o.description}`);
  return `usage: dpg ${synopsis}\n\n${command.summary}\n\n${lines.join('\n')}\n`;
}

export function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return `usage: dpg <command> [options]\n\n${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}\n\nRun \`dpg <command> --help\` for a command's options.\n`;
}

/** Parses the command's options strictly: unknown flags and missing values are usage errors. */
export function parseCommandLine(command: Command, rest: readonly string[]): Pick<CommandInput, 'args' | 'options'> {
  const specs = { ...command.options, ...GLOBAL_OPTIONS };
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: Object.fromEntries(Object.entries(specs).map(([n, o]) => [n, { type: o.type, ...(o.multiple ? { multiple: true } : {}) }])), allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const options = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (options.help) return { args: parsed.positionals, options };
  const expected = command.args ?? [];
  if (parsed.positionals.length !== expected.length) {
    throw new UsageError(expected.length ? `expected ${expected.join(' ')}, got ${parsed.positionals.length ? parsed.positionals.join(' ') : 'nothing'}` : `unexpected argument "${parsed.positionals[0]}"`);
  }
  const missing = Object.entries(command.options ?? {}).filter(([name, o]) => o.required && (options[name] === undefined || options[name] === ''));
  if (missing.length) throw new UsageError(`missing ${missing.map(([n]) => `--${n}`).join(', ')}`);
  return { args: parsed.positionals, options };
}

export async function runCli(commands: readonly Command[], argv: readonly string[], io: Io): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    io.out(overview(commands));
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const found = findCommand(commands, argv);
  if (!found) {
    io.err(`dpg: unknown command "${argv.join(' ')}"\n\n${overview(commands)}`);
    return EXIT.usage;
  }
  const { command, rest } = found;
  try {
    const input = parseCommandLine(command, rest);
    if (input.options.help) {
      io.out(commandUsage(command));
      return EXIT.ok;
    }
    return await command.run({ ...input, io });
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`dpg ${command.name}: ${err.message}\n\n${commandUsage(command)}`);
      return EXIT.usage;
    }
    io.err(`dpg ${command.name}: ${(err as Error).message}\n`);
    return EXIT.failed;
  }
}
