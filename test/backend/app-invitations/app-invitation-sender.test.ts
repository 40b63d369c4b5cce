// The app invitations' sender (issue 25 item 3) on each database: a group of
// N is sent by the background job in batches, N emails exactly once, with two
// service nodes on one database both ticking (each claims a row by a
// conditional UPDATE); a mail server's refusal is the invitation's "failed",
// in words, and Resend sends it again; one revoked while it waits is never sent.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AppInvitationPage, AppInvitationResult } from '../../../common/console-app-invitations.ts';
import { inviteToApp } from '../../../backend/app-invitations/invite.ts';
import { revokeAppInvitation } from '../../../backend/app-invitations/manage.ts';
import { sendQueuedAppInvitations } from '../../../backend/app-invitations/send-queued.ts';
import { createSmtpMailer } from '../../../backend/mail/mailer.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { seedDirectoryGroup } from '../../support/directory-group.ts';
import { startTestNodes, type TestNodes } from '../../support/service-nodes.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp-catcher.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { addVerifiedDomains } from '../../support/verified-domains.ts';

const groupSize = 300;

async function seedGroup(nodes: TestNodes, accountId: string, size: number): Promise<string> {
  const db = nodes.nodes[0]?.deps.database.db;
  if (!db) throw new Error('no node');
  const emails = Array.from({ length: size }, (_, i) => `user${i}@fleet.test`);
  return (await seedDirectoryGroup(db, accountId, 'Everyone', emails)).groupId;
}

describeEachDatabase('app invitations sent by two nodes', (dialect) => {
  let nodes: TestNodes;
  let catcher: SmtpCatcher;

  beforeAll(async () => {
    catcher = await startSmtpCatcher();
    nodes = await startTestNodes(dialect, 2, {
      LATCHKEY_SMTP_URL: catcher.url,
      LATCHKEY_APP_DOWNLOAD_URL: 'https://downloads.example/latchkey',
      // Both nodes tick often: they race for every row.
      LATCHKEY_APP_INVITATION_SEND_SECONDS: '0.1',
    });
  });
  afterAll(async () => {
    await nodes?.close();
    await catcher?.close();
  });

  test(`a group of ${groupSize} gets ${groupSize} emails, each exactly once, from the background job`, async () => {
    const [first] = nodes.nodes;
    if (!first) throw new Error('no node');
    const owner = new ConsoleClient(first.url);
    const accountId = await owner.signUp('Fleet', 'owner@fleet-admin.test', 'correct horse battery');
    await owner.login('owner@fleet-admin.test', 'correct horse battery');
    await addVerifiedDomains(first.deps.database.db, accountId, ['fleet.test']);
    const groupId = await seedGroup(nodes, accountId, groupSize);
    const started = Date.now();
    const res = await owner.post<AppInvitationResult>('/api/console/app-invitations', { groupId });
    const requestMs = Date.now() - started;
    expect(res.status).toBe(201);
    expect(res.body.invited).toBe(groupSize);
    // The request only queued them: the emails come after it answered.
    expect(catcher.messages.length).toBeLessThan(groupSize);
    await catcher.waitFor(() => true, groupSize, 60_000);
    // Both nodes kept ticking meanwhile: nothing more arrives.
    await new Promise((r) => setTimeout(r, 1000));
    const recipients = catcher.messages.flatMap((m) => m.to);
    expect(recipients).toHaveLength(groupSize);
    expect(new Set(recipients).size).toBe(groupSize);
    const sent = await owner.get<AppInvitationPage>('/api/console/app-invitations?status=sent&limit=500');
    expect(sent.body.items).toHaveLength(groupSize);
    console.info(
      `[${dialect.name}] group of ${groupSize}: request ${requestMs} ms, all sent ${Date.now() - started} ms`,
    );
  }, 90_000);
});

describeEachDatabase('app invitations refused by the mail server', (dialect) => {
  let nodes: TestNodes;
  let refusing: SMTPServer;
  let smtpUrl: string;

  beforeAll(async () => {
    // A real SMTP server on loopback that refuses one mailbox, as a company's server does.
    refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('gone@')) {
          const err = Object.assign(new Error('5.1.1 <gone@acme.test>: mailbox unavailable'), {
            responseCode: 550,
          });
          callback(err);
        } else callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(refusing.server.address() as AddressInfo).port}`;
    // One node, its own timer off: the test runs the job itself.
    nodes = await startTestNodes(dialect, 1, {
      LATCHKEY_SMTP_URL: smtpUrl,
      LATCHKEY_APP_DOWNLOAD_URL: 'https://downloads.example/latchkey',
      LATCHKEY_APP_INVITATION_SEND_SECONDS: '0',
    });
  });
  afterAll(async () => {
    await nodes?.close();
    await new Promise<void>((resolve) => refusing.close(() => resolve()));
  });

  test('a refused recipient is "failed" with the server\'s answer in words; the others are sent', async () => {
    const [node] = nodes.nodes;
    if (!node) throw new Error('no node');
    const owner = new ConsoleClient(node.url);
    const accountId = await owner.signUp('Refusals', 'owner@refusals.test', 'correct horse battery');
    await owner.login('owner@refusals.test', 'correct horse battery');
    await addVerifiedDomains(node.deps.database.db, accountId, ['acme.test']);
    const mailer = createSmtpMailer(smtpUrl, 'Latchkey <latchkey@localhost>');
    // The console's own kick may have sent them already; the job then finds nothing left.
    await owner.post('/api/console/app-invitations', { emails: ['gone@acme.test', 'here@acme.test'] });
    const job = () =>
      sendQueuedAppInvitations(node.deps.database.db, node.deps.clock, mailer, {
        publicUrl: node.deps.config.publicUrl,
        downloadUrl: 'https://downloads.example/latchkey',
        node: 'test-node',
      });
    await job();
    await expect
      .poll(async () =>
        (await owner.get<AppInvitationPage>('/api/console/app-invitations')).body.items
          .map((i) => i.status)
          .sort(),
      )
      .toEqual(['failed', 'sent']);
    const list = await owner.get<AppInvitationPage>('/api/console/app-invitations?status=failed');
    const [failed] = list.body.items;
    expect(failed?.email).toBe('gone@acme.test');
    expect(failed?.failure).toMatch(/^the mail server refused the message: 550 .*mailbox unavailable/);
    // Resend: queued again, and failed again with the same words (the job, not the request, sends).
    expect((await owner.post(`/api/console/app-invitations/${failed?.id}/resend`)).status).toBe(204);
    await job();
    await expect
      .poll(
        async () =>
          (await owner.get<AppInvitationPage>('/api/console/app-invitations?status=failed')).body.items,
      )
      .toHaveLength(1);
    mailer.close();
  });

  test('an invitation revoked while it waits is never sent', async () => {
    const [node] = nodes.nodes;
    if (!node) throw new Error('no node');
    const { db } = node.deps.database;
    const clock = node.deps.clock;
    const owner = new ConsoleClient(node.url);
    const accountId = await owner.signUp('Waiting', 'owner@waiting.test', 'correct horse battery');
    await addVerifiedDomains(db, accountId, ['waiting.test']);
    // Queued directly (not through the console, whose request also starts this node's sender).
    const ctx = { accountId, actor: 'test', publicUrl: node.deps.config.publicUrl, emailConfigured: true };
    await inviteToApp(db, clock, ctx, { emails: ['stay@waiting.test', 'go@waiting.test'] });
    const go = await db
      .selectFrom('app_invitations')
      .select('id')
      .where('email_key', '=', 'go@waiting.test')
      .executeTakeFirstOrThrow();
    await revokeAppInvitation(db, clock, { accountId, id: go.id, actor: 'test' });
    const mailer = createSmtpMailer(smtpUrl, 'Latchkey <latchkey@localhost>');
    const run = await sendQueuedAppInvitations(db, clock, mailer, {
      publicUrl: node.deps.config.publicUrl,
      downloadUrl: 'https://downloads.example/latchkey',
      node: 'test-node',
    });
    mailer.close();
    expect(run).toEqual({ sent: 1, failed: 0 });
    const rows = await db
      .selectFrom('app_invitations')
      .select(['email', 'sent_at'])
      .where('account_id', '=', accountId)
      .orderBy('email')
      .execute();
    expect(rows.map((r) => [r.email, r.sent_at !== null])).toEqual([
      ['go@waiting.test', false],
      ['stay@waiting.test', true],
    ]);
  });
});
