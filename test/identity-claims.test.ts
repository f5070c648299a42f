/**
 * The identity token between gateway and subgraphs, from both ends: what the
 * gateway mints is what the kit reads (policies/callClaims.ts).
 */
import { describe, expect, it } from 'vitest';
import { loadSigner, serviceVerifier } from '../platform/tokens.ts';
import { gatewayIdentity } from '../subgraphs/kit/identity.ts';
import { identityMinter } from '../gateway/subgraphs/identity.ts';

const ann = { subject: 'ann', roles: ['analyst'], scopes: [], attributes: { region: 'EMEA' } };

describe('gateway identity tokens', () => {
  it('name the policy version the request was decided under, and the subgraph reads it back with the principal', async () => {
    const signer = await loadSigner({});
    const tokenFor = identityMinter(signer);
    const callOf = gatewayIdentity(serviceVerifier({ jwks: signer.jwks }), 'sales');
    const call = await callOf(`Bearer ${await tokenFor({ principal: ann, policyVersion: '0123456789abcdef' }, 'sales')}`);
    expect(call).toEqual({ principal: ann, policyVersion: '0123456789abcdef' });
    // The gateway acting for itself, or before any valid policy, names none.
    expect(await callOf(`Bearer ${await tokenFor({}, 'sales')}`)).toEqual({ principal: { subject: 'gateway', roles: ['gateway'], scopes: [], attributes: {} } });
  });

  it('are reused per principal and version, never across versions', async () => {
    const tokenFor = identityMinter(await loadSigner({}));
    const v1 = await tokenFor({ principal: ann, policyVersion: 'v1' }, 'sales');
    expect(await tokenFor({ principal: ann, policyVersion: 'v1' }, 'sales')).toBe(v1);
    expect(await tokenFor({ principal: ann, policyVersion: 'v2' }, 'sales')).not.toBe(v1);
    expect(await tokenFor({ principal: ann, policyVersion: 'v1' }, 'marketing')).not.toBe(v1);
  });

  it('carry the call\'s deadline in whole seconds: the subgraph reads it back, and a token is reused while the second is the same', async () => {
    const signer = await loadSigner({});
    const tokenFor = identityMinter(signer);
    const callOf = gatewayIdentity(serviceVerifier({ jwks: signer.jwks }), 'sales');
    const first = await tokenFor({ principal: ann, policyVersion: 'v1' }, 'sales', 1_900_000_010);
    expect(await callOf(`Bearer ${first}`)).toEqual({ principal: ann, policyVersion: 'v1', deadline: 1_900_000_010 });
    expect(await tokenFor({ principal: ann, policyVersion: 'v1' }, 'sales', 1_900_000_010)).toBe(first);
    const next = await tokenFor({ principal: ann, policyVersion: 'v1' }, 'sales', 1_900_000_011);
    expect(next).not.toBe(first);
    expect((await callOf(`Bearer ${next}`)).deadline).toBe(1_900_000_011);
  });
});
