import { describe, expect, it } from 'vitest';
import { EXIT, runCli, UsageError, type Command, type Io } from './cli.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const handle: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd: '/' };
  return { handle, out: () => out.join(''), err: () => err.join('') };
}

const seen: unknown[] = [];
const commands: Command[] = [
  { name: 'subgraph check', summary: 'Check a schema.', options: { name: { type: 'string', description: 'Name.', required: true }, tag: { type: 'string', description: 'Tags.', multiple: true } }, run: async (input) => (seen.push(input.options), EXIT.ok) },
  { name: 'subgraph history', summary: 'History.', args: ['NAME'], run: async ({ args }) => (seen.push(args), EXIT.failed) },
  { name: 'subgraph', summary: 'Shorter name, never chosen over a longer match.', run: async () => EXIT.ok },
  { name: 'broken', summary: 'Throws.', run: async () => { throw new UsageError('bad combination'); } },
];

describe('dpg dispatcher', () => {
  it('picks the command with the longest matching words and passes its options and arguments', async () => {
    const t = io();
    expect(await runCli(commands, ['subgraph', 'check', '--name', 'sales', '--tag', 'a', '--tag', 'b', '--json'], t.handle)).toBe(EXIT.ok);
    expect(seen.pop()).toMatchObject({ name: 'sales', tag: ['a', 'b'], json: true });
    expect(await runCli(commands, ['subgraph', 'history', 'sales'], t.handle)).toBe(EXIT.failed);
    expect(seen.pop()).toEqual(['sales']);
  });

  it('answers a wrong command line with exit 2 and the command\'s usage', async () => {
    for (const argv of [['subgraph', 'check'], ['subgraph', 'check', '--name', 'x', '--nope'], ['subgraph', 'history'], ['subgraph', 'history', 'a', 'b'], ['broken']]) {
      const t = io();
      expect(await runCli(commands, argv, t.handle)).toBe(EXIT.usage);
      expect(t.err()).toMatch(/usage: dpg /);
    }
    const unknown = io();
    expect(await runCli(commands, ['publish', 'everything'], unknown.handle)).toBe(EXIT.usage);
    expect(unknown.err()).toMatch(/unknown command "publish everything"/);
  });

  it('prints help for the tool and for each command', async () => {
    const t = io();
    expect(await runCli(commands, ['--help'], t.handle)).toBe(EXIT.ok);
    expect(t.out()).toMatch(/subgraph check\s+Check a schema\./);
    const c = io();
    expect(await runCli(commands, ['subgraph', 'check', '--help'], c.handle)).toBe(EXIT.ok);
    expect(c.out()).toMatch(/usage: dpg subgraph check --name VALUE/);
  });
});
