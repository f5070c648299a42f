/**
 * Gameplay facts for the shared set of players: one experiment (3 vs 4 rounds
 * per game) with every player in one of its two variants, the sessions they
 * played, and whether they churned. Four rounds churn less, so the experiment
 * has an effect for analytics to find.
 */
import type { Queryable } from '../../platform/db.ts';
import { insertRows } from '../kit/seed/insert.ts';
import { addDays } from '../kit/seed/random.ts';
import type { Universe } from '../kit/seed/universe.ts';

const EXPERIMENT = { id: 'exp-rounds', name: '3 vs 4 rounds per game', hypothesis: 'Four rounds per game keep players playing longer and churn less than three.' };
const VARIANTS = [
  { id: 'exp-rounds-v1', name: 'three-rounds', rounds: 3, churn: 0.3 },
  { id: 'exp-rounds-v2', name: 'four-rounds', rounds: 4, churn: 0.22 },
];
const COUNTRIES = [['US', 5], ['DE', 2], ['GB', 2], ['JP', 2], ['BR', 2], ['FR', 1], ['KR', 1], ['IN', 1], ['CA', 1], ['AU', 1]] as const;
const ADJECTIVES = ['swift', 'brave', 'lucky', 'silent', 'crimson', 'frosty', 'mighty', 'sneaky', 'cosmic', 'golden'];
const ANIMALS = ['Fox', 'Otter', 'Falcon', 'Panda', 'Wolf', 'Gecko', 'Lynx', 'Raven', 'Badger', 'Koala'];
const FIRST = ['mia', 'noah', 'lea', 'ben', 'hana', 'luca', 'emma', 'kai', 'zoe', 'arjun', 'sofia', 'leo'];
const LAST = ['meyer', 'garcia', 'sato', 'brown', 'kim', 'dubois', 'santos', 'patel', 'wilson', 'novak'];
const DOMAINS = ['example.com', 'example.org', 'example.net'];

const pad = (n: number) => String(n).padStart(2, '0');

export async function seed(db: Queryable, u: Universe): Promise<void> {
  const r = u.random('gameplay');
  const birth = u.random('gameplay-birth');
  // Leave room after the last signup for sessions, and after the last session for churn.
  const lastSignup = addDays(u.period.end, -60);
  const lastSession = addDays(u.period.end, -31);
  const playerRows = [];
  const sessionRows = [];

  for (const [i, id] of u.playerIds.entries()) {
    const variant = VARIANTS[i % VARIANTS.length];
    const signupOn = r.date(u.period.start, lastSignup);

    const starts: string[] = [];
    for (let s = 0, n = r.int(1, 15), day = signupOn; s < n && day <= lastSession; s++, day = addDays(day, r.int(0, 14))) {
      starts.push(`${day}T${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}.000Z`);
    }
    starts.sort();
    for (const [s, startedAt] of starts.entries()) {
      let duration = 0;
      for (let round = 0; round < variant.rounds; round++) duration += r.int(60, 120);
      sessionRows.push({ id: `${id}-s${pad(s + 1)}`, player_id: id, started_at: startedAt, rounds: variant.rounds, duration_seconds: duration });
    }

    const churned = r.chance(variant.churn);
    playerRows.push({
      id,
      handle: `${r.pick(ADJECTIVES)}${r.pick(ANIMALS)}${i + 1}`,
      email: `${r.pick(FIRST)}.${r.pick(LAST)}${r.int(1, 999)}@${r.pick(DOMAINS)}`,
      country: r.weighted(COUNTRIES),
      signup_on: signupOn,
      variant_id: variant.id,
      churned,
      churned_on: churned ? addDays(starts[starts.length - 1].slice(0, 10), r.int(1, 30)) : null,
      // Its own stream, so adding it left every other draw as it was.
      date_of_birth: birth.date('1960-01-01', '2008-12-31'),
    });
  }

  await insertRows(db, 'experiments', [{ ...EXPERIMENT, started_on: u.period.start, ended_on: u.period.end }]);
  await insertRows(db, 'experiment_variants', VARIANTS.map(({ churn, ...v }) => ({ ...v, experiment_id: EXPERIMENT.id })));
  await insertRows(db, 'players', playerRows);
  await insertRows(db, 'game_sessions', sessionRows);
}
