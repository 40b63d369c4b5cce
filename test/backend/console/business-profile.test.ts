// The Business Profile's General section over the console API (issue 22 item
// 2): the company name (audited, and the workspace name /me shows follows it),
// the primary and billing contacts, the domains at a glance; bad input is
// refused per field with a 400 and leaves the profile as it was.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { BusinessProfile } from '../../../common/console-api.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { createScimAccount } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: { fields?: Record<string, string> } };
}

const contacts = {
  primary: { name: 'Ada Lovelace', email: 'Ada@Profile.example', phone: '+44 20 7946 0000' },
  billing: { name: 'Accounts Payable', email: 'ap@profile.example' },
};

describeEachDatabase('Business Profile: company name, contacts, domains at a glance', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  test('a new account shows its name, no contacts and its domains with their state', async () => {
    const a = await createScimAccount(service.baseUrl, 'profile');
    await a.console.post('/api/console/domains', { domain: 'profile-one.example' });
    const { db } = service.deps.database;
    await a.console.post('/api/console/domains', { domain: 'profile-two.example' });
    await db
      .updateTable('domains')
      .set({ verified_at: new Date().toISOString() })
      .where('name', '=', 'profile-two.example')
      .execute();
    const res = await a.console.get<BusinessProfile>('/api/console/profile');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      name: expect.stringMatching(/^profile \d+$/),
      contacts: { primary: null, billing: null },
      domains: [
        { domain: 'profile-one.example', verified: false },
        { domain: 'profile-two.example', verified: true },
      ],
    });
  });

  test('an admin renames the company and sets both contacts: audited, and /me shows the new name', async () => {
    const a = await createScimAccount(service.baseUrl, 'rename');
    const res = await a.console.put<BusinessProfile>('/api/console/profile', {
      name: '  Wayne Enterprises  ',
      contacts,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.name).toBe('Wayne Enterprises');
    expect(res.body.contacts).toEqual({
      primary: { name: 'Ada Lovelace', email: 'ada@profile.example', phone: '+44 20 7946 0000' },
      billing: { name: 'Accounts Payable', email: 'ap@profile.example', phone: null },
    });
    const me = await a.console.get<{ account: { name: string } }>('/api/console/me');
    expect(me.body.account.name).toBe('Wayne Enterprises');
    const again = await a.console.get<BusinessProfile>('/api/console/profile');
    expect(again.body.contacts.billing?.email).toBe('ap@profile.example');

    const audit = await a.console.get<{ entries: { action: string; detail: Record<string, unknown> }[] }>(
      '/api/console/audit',
    );
    const renamed = audit.body.entries.find((e) => e.action === 'account.renamed');
    expect(renamed?.detail).toMatchObject({ to: 'Wayne Enterprises' });
    expect(audit.body.entries.find((e) => e.action === 'account.contacts_changed')?.detail).toEqual({
      contacts: ['primary', 'billing'],
    });

    // Clearing the billing contact; the name unchanged is not a rename.
    const cleared = await a.console.put<BusinessProfile>('/api/console/profile', {
      name: 'Wayne Enterprises',
      contacts: { primary: contacts.primary, billing: null },
    });
    expect(cleared.body.contacts.billing).toBeNull();
    const after = await a.console.get<{ entries: { action: string }[] }>('/api/console/audit');
    expect(after.body.entries.filter((e) => e.action === 'account.renamed')).toHaveLength(1);
  });

  test('bad input: a 400 naming every field at fault, and nothing is written', async () => {
    const a = await createScimAccount(service.baseUrl, 'badprofile');
    const before = await a.console.get<BusinessProfile>('/api/console/profile');
    const res = await a.console.put<ErrorBody>('/api/console/profile', {
      name: '   ',
      contacts: {
        primary: { name: 'Ada', email: 'not-an-email', phone: 'call me' },
        billing: { name: '', email: 'ap@profile.example' },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.field).toBe('name');
    expect(Object.keys(res.body.error.details?.fields ?? {}).sort()).toEqual([
      'contacts.billing.name',
      'contacts.primary.email',
      'contacts.primary.phone',
      'name',
    ]);
    expect(res.body.error.details?.fields?.['contacts.primary.email']).toBe('must be an email address');

    // A good name with one bad contact: the name is not written either.
    const half = await a.console.put<ErrorBody>('/api/console/profile', {
      name: 'Half Written Ltd',
      contacts: { primary: { name: 'Ada', email: 'ada@x.example', phone: '12' }, billing: null },
    });
    expect(half.status).toBe(400);
    expect(half.body.error.field).toBe('contacts.primary.phone');
    expect((await a.console.get<BusinessProfile>('/api/console/profile')).body).toEqual(before.body);

    for (const body of [
      null,
      { name: 'X' },
      { name: 'X', contacts: { primary: null, billing: null }, owner: 'me' },
      { name: 'Tab\tCorp', contacts: { primary: null, billing: null } },
      { name: 'x'.repeat(201), contacts: { primary: null, billing: null } },
      { name: 'Nul\u0000', contacts: { primary: null, billing: null } },
    ]) {
      const bad = await a.console.put<ErrorBody>('/api/console/profile', body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.code).toBe('invalid_input');
    }
    expect((await a.console.get<BusinessProfile>('/api/console/profile')).body).toEqual(before.body);
  });

  test('signed out: 401; another account never sees or changes this one', async () => {
    const a = await createScimAccount(service.baseUrl, 'mine');
    const b = await createScimAccount(service.baseUrl, 'theirs');
    await b.console.put('/api/console/profile', { name: 'Theirs Inc', contacts });
    expect((await a.console.get<BusinessProfile>('/api/console/profile')).body.name).not.toBe('Theirs Inc');
    const anonymous = new ConsoleClient(service.baseUrl);
    expect((await anonymous.get('/api/console/profile')).status).toBe(401);
    expect((await anonymous.put('/api/console/profile', { name: 'X', contacts })).status).toBe(401);
  });
});
