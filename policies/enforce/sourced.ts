/**
 * A value that does not come from its parent object: `Account.churnRisk`
 * read from the `account_health` row with the account's key. The masking
 * middleware decides the value by the row it came from, so a resolver that
 * reads another row returns the value wrapped with that row, and the
 * middleware unwraps it (it is the one place values are masked). Resolvers
 * wrap only when the request decides the parent type per row
 * (`perRow(type)`); otherwise the middleware is not there to unwrap.
 */
export class Sourced {
  constructor(
    /** The row the value was read from. */
    readonly row: object,
    /** The type whose rows `row` is one of. */
    readonly type: string,
    readonly value: unknown,
  ) {}
}
