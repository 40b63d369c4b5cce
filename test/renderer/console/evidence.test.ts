// The activation log's evidence as rows: nested names dotted, lists joined,
// and secrets redacted again on the screen even if the log held one.
import { expect, test } from 'vitest';
import { evidenceRows } from '../../../renderer/console/lib/evidence.ts';

test('nested evidence becomes dotted rows; lists of values are joined', () => {
  const rows = evidenceRows({
    issuer: 'https://idp.example',
    audiences: ['a', 'b'],
    adminsGroup: { id: 'grp-admins', name: 'Admins' },
    groups: [],
  });
  expect(rows).toEqual([
    { name: 'issuer', value: 'https://idp.example' },
    { name: 'audiences', value: 'a, b' },
    { name: 'adminsGroup.id', value: 'grp-admins' },
    { name: 'adminsGroup.name', value: 'Admins' },
    { name: 'groups', value: '(none)' },
  ]);
});

test('a signature value, token or password never reaches the screen; fingerprints and algorithms do', () => {
  const rows = evidenceRows({
    signatureValue: 'MEUCIQ…',
    refreshToken: 'abc',
    password: 'hunter2',
    signature: { certificateFingerprint: 'AB:CD', signatureAlgorithm: 'rsa-sha256' },
  });
  expect(rows).toEqual([
    { name: 'signatureValue', value: '[redacted]' },
    { name: 'refreshToken', value: '[redacted]' },
    { name: 'password', value: '[redacted]' },
    { name: 'signature.certificateFingerprint', value: 'AB:CD' },
    { name: 'signature.signatureAlgorithm', value: 'rsa-sha256' },
  ]);
});

test('very long values are cut', () => {
  const [row] = evidenceRows({ detail: 'x'.repeat(5000) });
  expect(row?.value.length).toBe(2001);
});

test('a list of objects (the configured certificates) becomes numbered rows', () => {
  expect(evidenceRows({ certificates: [{ fingerprintSha256: 'AB', notAfter: '2029-01-01' }] })).toEqual([
    { name: 'certificates[1].fingerprintSha256', value: 'AB' },
    { name: 'certificates[1].notAfter', value: '2029-01-01' },
  ]);
});
