/** Settings of the gateway's HTTP face: cross-origin access and exports. */
import { bool, int, list } from '../../platform/config.ts';

export const httpSettings = {
  corsOrigins: list('CORS_ORIGINS', [], 'Origins whose web pages may call /graphql and /export from the browser (CORS), comma-separated; `*` allows any origin. Empty: no CORS headers, so browsers allow only the gateway\'s own pages.'),
  corsCredentials: bool('CORS_CREDENTIALS', false, 'Whether cross-origin pages may send cookies and HTTP authentication (Access-Control-Allow-Credentials). Off by default: BI pages send a token or API key in a header. Never combined with `*`.'),
  corsMaxAgeSeconds: int('CORS_MAX_AGE_SECONDS', 600, 'How long a browser may reuse a CORS preflight answer.'),
  exportPageSize: int('EXPORT_PAGE_SIZE', 500, 'Rows fetched per page while a CSV/NDJSON export streams (each page is one governed, costed GraphQL request); at most the subgraphs\' MAX_PAGE_SIZE.', 1),
};
