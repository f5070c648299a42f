/** Who is asking: the identity every policy decision is made for. */

export interface Principal {
  /** Stable id of the caller (user, service or API key owner). */
  subject: string;
  roles: string[];
  scopes: string[];
  /** Attributes rules may read, e.g. { region: 'EMEA', team: 'emea-sales' }. */
  attributes: Record<string, string>;
}
