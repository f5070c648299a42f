/**
 * The words of a denial, the same at the gateway and in every subgraph: a
 * FORBIDDEN error names the coordinate and the rule, and for an argument
 * that reads a field, the argument and the field it reads.
 */
import { GraphQLError } from 'graphql';
import type { Decision } from './engine/types.ts';

export function forbidden(coordinate: string, decision: Decision): GraphQLError {
  return new GraphQLError(`Forbidden: your access policy does not allow reading ${coordinate} (rule ${decision.rule}).`, {
    extensions: { code: 'FORBIDDEN', coordinate, rule: decision.rule },
  });
}

export interface ArgumentRead {
  /** The field the argument belongs to, e.g. `Query.atRiskAccounts`. */
  coordinate: string;
  /** The argument, with the input fields leading to the one that reads: `minChurnRisk`, `filter.emailContains`. */
  argument: string;
  /** The field it reads, e.g. `Account.churnRisk`. */
  reads: string;
}

export function argumentForbidden(a: ArgumentRead, decision: Decision) {
  const why = decision.effect === 'mask' ? `shows you only masked (${decision.mask})` : 'does not let you read';
  return {
    message: `Forbidden: argument "${a.argument}" of ${a.coordinate} reads ${a.reads}, which your access policy ${why} (rule ${decision.rule}); leave it out to get the rest.`,
    extensions: { code: 'FORBIDDEN', coordinate: a.coordinate, argument: a.argument, reads: a.reads, rule: decision.rule },
  };
}
