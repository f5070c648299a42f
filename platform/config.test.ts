import { describe, expect, it } from 'vitest';
import { bool, ConfigError, int, oneOf, port, positive, readConfig, text, url } from './config.ts';

const table = {
  port: port('PORT_X', 4000, 'a port'),
  name: text('NAME_X', 'default', 'a name'),
  registry: url('REG_X', 'http://localhost:4100', 'a url'),
  verbose: bool('VERBOSE_X', false, 'a flag'),
  mode: oneOf('MODE_X', 'a', ['a', 'b'] as const, 'a mode'),
  scale: positive('SCALE_X', 1, 'a scale'),
  optional: int('OPT_X', undefined, 'optional'),
};

describe('readConfig', () => {
  it('uses defaults for unset and empty variables', () => {
    expect(readConfig(table, { NAME_X: '' })).toEqual({ port: 4000, name: 'default', registry: 'http://localhost:4100', verbose: false, mode: 'a', scale: 1, optional: undefined });
  });

  it('parses set variables and strips trailing slashes from URLs', () => {
    const c = readConfig(table, { PORT_X: '0', REG_X: 'http://r:1/', VERBOSE_X: 'yes', MODE_X: 'b', SCALE_X: '0.25', OPT_X: '7' });
    expect(c).toMatchObject({ port: 0, registry: 'http://r:1', verbose: true, mode: 'b', scale: 0.25, optional: 7 });
  });

  it('reports every invalid variable at once, naming it and what was expected', () => {
    const err = (() => {
      try {
        readConfig(table, { PORT_X: '70000', REG_X: 'not a url', VERBOSE_X: 'maybe', MODE_X: 'c', SCALE_X: '-1' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.problems).toHaveLength(5);
    expect(err!.message).toContain('PORT_X="70000": expected an integer from 0 to 65535');
    expect(err!.message).toContain('MODE_X="c": expected one of a, b');
    expect(err!.message).toContain('SCALE_X="-1": expected a positive number');
  });
});
