import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import rule from './naming.ts';

const check = (sdl: string, options = rule.defaults) => rule.check({ schema: parse(sdl), descriptor: null }, options);

describe('lint rule: naming', () => {
  it('passes PascalCase types, camelCase fields, arguments and input fields, UPPER_CASE enum values', () => {
    expect(check(`type GameSession { durationSeconds(unit: String): Int } enum Stage { CLOSED_WON QUALIFICATION } input SessionFilter { playerId: ID }`)).toEqual([]);
  });

  it('names each element that breaks its convention, with a fix', () => {
    const problems = check(`type game_session { Duration_seconds(Unit: String): Int } enum stage { closedWon } input Session_Filter { player_id: ID }`);
    expect(problems.map((p) => p.coordinate)).toEqual([
      'game_session',
      'game_session.Duration_seconds',
      'game_session.Duration_seconds(Unit:)',
      'stage',
      'stage.closedWon',
      'Session_Filter',
      'Session_Filter.player_id',
    ]);
    expect(problems[4]).toMatchObject({ message: 'stage.closedWon: "closedWon" is not UPPER_CASE', fix: 'Rename "closedWon" to UPPER_CASE.' });
  });

  it('takes its patterns from the configuration', () => {
    expect(check(`type Account { account_id: ID }`, { ...rule.defaults, fields: '^[a-z][a-z0-9_]*$' })).toEqual([]);
  });
});
