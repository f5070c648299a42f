/** Where a service's policy comes from; the gateway and every subgraph read the same settings. */
import path from 'node:path';
import { int, oneOf, text } from '../platform/config.ts';

export const policySettings = {
  policySource: oneOf('POLICY_SOURCE', 'folder', ['folder', 'registry'] as const, 'Where policies come from: the POLICY_DIR folder (watched; development) or the registry\'s published bundle (production).'),
  policyDir: { ...text('POLICY_DIR', path.join(import.meta.dirname, 'rules'), 'Folder of policy YAML files when POLICY_SOURCE=folder.'), defaultDoc: 'policies/rules' },
  policyPollMs: int('POLICY_POLL_INTERVAL_MS', 1000, 'How often the policy source is checked for a new version.', 50),
  maskHashKey: text('MASK_HASH_KEY', 'dpg-development-mask-key', 'Secret key of the "hash" mask (HMAC); the same on every subgraph so hashed values still join. Set it in production.'),
};
