/**
 * Customer-success facts for the shared set of accounts. Each account has a
 * hidden "trouble" level that drives how many tickets it raises, how many stay
 * open and how it answers NPS surveys; churn risk is then scored from the open
 * tickets and the NPS, the way a health model would, so the two agree.
 */
import type { Queryable } from '../../platform/db.ts';
import { insertRows } from '../kit/seed/insert.ts';
import { addDays } from '../kit/seed/random.ts';
import type { Universe } from '../kit/seed/universe.ts';

const SUBJECTS = ['Cannot export report to CSV', 'SSO login fails', 'Dashboard loads slowly', 'Invoice shows wrong amount', 'API rate limit reached', 'Need more user seats', 'Data sync stopped overnight', 'Question about the renewal', 'Scheduled email not sent', 'Permission error on shared folder'];
const PRIORITIES = [['LOW', 3], ['NORMAL', 5], ['HIGH', 2], ['URGENT', 1]] as const;
// Some answers name people or give contact details, which is why comments are personal data.
const PRAISE = ['Great product, the team loves it.', 'Support was quick and friendly.', 'Kim from support solved our issue in an hour.', 'Reporting saves us hours every week.'];
const NEUTRAL = ['Does the job, pricing is steep.', 'Fine, but onboarding took long.', 'Would like better exports.'];
const COMPLAINTS = ['Too many outages this quarter.', 'Tickets stay open for weeks.', 'Call me back on +1-555-0100, nobody answers our emails.', 'We are evaluating alternatives.'];
const RECENT = '2025-10-01';

const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

export async function seed(db: Queryable, u: Universe): Promise<void> {
  const r = u.random('customer-success');
  const ticketRows = [];
  const npsRows = [];
  const healthRows = [];

  for (const accountId of u.accountIds) {
    const trouble = r.next();

    let open = 0;
    for (let t = 1, n = r.int(0, Math.round(2 + 6 * trouble)); t <= n; t++) {
      const isOpen = r.chance(0.05 + 0.35 * trouble);
      const status = isOpen ? r.weighted([['OPEN', 2], ['PENDING', 1]] as const) : r.weighted([['CLOSED', 3], ['SOLVED', 1]] as const);
      // Open tickets are recent; solved ones were resolved within three weeks, inside the period.
      const openedOn = isOpen ? r.date(RECENT, u.period.end) : r.date(u.period.start, addDays(u.period.end, -21));
      if (isOpen) open++;
      ticketRows.push({
        id: `${accountId}-t${t}`,
        account_id: accountId,
        account_region: u.regionOf(accountId),
        subject: r.pick(SUBJECTS),
        status,
        priority: r.weighted(PRIORITIES),
        opened_on: openedOn,
        resolved_on: isOpen ? null : addDays(openedOn, r.int(0, 21)),
      });
    }

    let scoreSum = 0;
    const responses = r.int(0, 3);
    for (let n = 1; n <= responses; n++) {
      const score = clamp(Math.round(10 - 8 * trouble + (r.next() - 0.5) * 4), 0, 10);
      scoreSum += score;
      npsRows.push({
        id: `${accountId}-n${n}`,
        account_id: accountId,
        score,
        responded_on: r.date(u.period.start, u.period.end),
        comment: r.chance(0.6) ? r.pick(score >= 9 ? PRAISE : score >= 7 ? NEUTRAL : COMPLAINTS) : null,
      });
    }

    const nps = responses ? scoreSum / responses : null;
    const churnRisk = clamp(0.1 + 0.12 * open + (nps === null ? 0.15 : (8 - nps) * 0.07) + (r.next() - 0.5) * 0.2, 0.01, 0.99);
    healthRows.push({
      account_id: accountId,
      churn_risk: Math.round(churnRisk * 1000) / 1000,
      health: churnRisk >= 0.7 ? 'RED' : churnRisk >= 0.4 ? 'YELLOW' : 'GREEN',
      renewal_on: r.date(addDays(u.period.end, 1), addDays(u.period.end, 365)),
    });
  }

  await insertRows(db, 'tickets', ticketRows);
  await insertRows(db, 'nps_responses', npsRows);
  await insertRows(db, 'account_health', healthRows);
}
