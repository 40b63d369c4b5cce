// The invitation's latchkey://activate link: checked strictly, it only fills in Continue
// with SSO, and a managed Email or EmailDomain wins over the link's (with a note saying so).
import { describe, expect, test } from 'vitest';
import {
  activationLinkIn,
  parseActivationLink,
  promptAtStart,
  promptForLink,
} from '../../../../main/core/policy/activation-link.ts';
import { effectivePolicy, noPolicyDefaults } from '../../../../main/core/policy/effective-policy.ts';

const link = (email: string, extra = '') => `latchkey://activate?email=${encodeURIComponent(email)}${extra}`;
const policy = (values: Record<string, unknown> = {}) =>
  effectivePolicy(
    [{ source: 'managed-machine', where: 'policy.json', values: new Map(Object.entries(values)) }],
    {
      defaults: noPolicyDefaults(null),
      allowManagedServiceUrl: false,
    },
  );

describe('latchkey://activate', () => {
  test('the invitation email’s link gives its email and invitation id', () => {
    expect(
      parseActivationLink(link('alice+qa@acme.test', '&invitation=7d0c1e9a-44f5-4b7e-9a55-0c2b6f1a3b10')),
    ).toEqual({
      email: 'alice+qa@acme.test',
      invitation: '7d0c1e9a-44f5-4b7e-9a55-0c2b6f1a3b10',
    });
    expect(parseActivationLink(link('alice@acme.test', '&invitation=<script>'))).toEqual({
      email: 'alice@acme.test',
      invitation: null,
    });
  });

  test.each([
    ['another scheme', 'https://activate?email=alice%40acme.test'],
    ['the OAuth callback scheme', 'com.latchkey.desktop:/callback?email=alice%40acme.test'],
    ['another host', 'latchkey://deactivate?email=alice%40acme.test'],
    ['a path', 'latchkey://activate/now?email=alice%40acme.test'],
    ['credentials', 'latchkey://x:y@activate?email=alice%40acme.test'],
    ['no email', 'latchkey://activate?invitation=1'],
    ['no plausible email', link('alice')],
    ['two emails', `${link('alice@acme.test')}&email=eve%40evil.test`],
    ['an overlong link', link(`${'a'.repeat(2100)}@acme.test`)],
  ])('%s is ignored', (_why, raw) => {
    expect(parseActivationLink(raw)).toBeNull();
  });

  test('found among a second instance’s arguments', () => {
    expect(activationLinkIn(['/opt/Latchkey/latchkey', '--no-sandbox', link('a@acme.test')])).toBe(
      link('a@acme.test'),
    );
    expect(activationLinkIn(['/opt/Latchkey/latchkey'])).toBeUndefined();
  });

  test('it fills in the SSO step; a managed Email or EmailDomain wins, and the note says so', () => {
    const parsed = parseActivationLink(link('alice@acme.test'));
    if (!parsed) throw new Error('not parsed');
    expect(promptForLink(parsed, policy())).toEqual({
      prompt: { reason: 'activation-link', email: 'alice@acme.test', emailLocked: false, note: null },
    });
    expect(promptForLink(parsed, policy({ Email: 'alice.smith@acme.test' }))).toEqual({
      prompt: {
        reason: 'activation-link',
        email: 'alice.smith@acme.test',
        emailLocked: true,
        note: expect.stringMatching(/invitation was for alice@acme.test; your organisation set/),
      },
    });
    expect(promptForLink(parsed, policy({ EmailDomain: 'initech.test' }))).toMatchObject({
      prompt: { email: '', note: expect.stringMatching(/only @initech.test/) },
    });
    expect(promptForLink(parsed, policy({ ActivationMethods: 'key' }))).toMatchObject({
      ignored: expect.any(String),
    });
  });

  test('ActivateAtStart opens the SSO step on a device without a license, with the managed email locked', () => {
    expect(promptAtStart(policy({ ActivateAtStart: true, Email: 'alice@acme.test' }), false)).toEqual({
      reason: 'activate-at-start',
      email: 'alice@acme.test',
      emailLocked: true,
      note: null,
    });
    expect(promptAtStart(policy({ ActivateAtStart: true }), true)).toBeNull();
    expect(promptAtStart(policy(), false)).toBeNull();
  });
});
