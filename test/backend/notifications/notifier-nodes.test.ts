// Two service nodes run the notifier at the same time on one database (issue
// 24 item 5): each fact is emailed once. Each node has its own connection
// pool, so their transactions really overlap. Besides the lease, the cursor's
// conditional move and each message's claim keep a run that lost its lease
// (taken over mid-run) from telling anything twice: the second round skips the
// lease and races the two nodes' judging and sending directly.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../backend/db/connect.ts';
import { ConflictError } from '../../../backend/notifications/conflict.ts';
import { judgeNewEvents } from '../../../backend/notifications/judge.ts';
import { runNotifier } from '../../../backend/notifications/notifier.ts';
import { sendDueMessages } from '../../../backend/notifications/send-queue.ts';
import { createSmtpMailer } from '../../../backend/mail/mailer.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { startNotifyWorld, type NotifyWorld } from './notify-world.ts';

const facts = 40;

describeEachDatabase('the notifier on two nodes', (dialect) => {
  let w: NotifyWorld;
  let second: DatabaseHandle;

  beforeAll(async () => {
    w = await startNotifyWorld(dialect);
    second = openDatabase(w.service.deps.config.databaseUrl);
    await w.saveRule('scim_silent', { enabled: true, recipients: [w.ownerId] });
  });
  afterAll(async () => {
    await second.close();
    await w.close();
  });

  const silence = (i: number) =>
    w.write({
      type: 'scim.silent',
      data: {
        lastRequestAt: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T${String(Math.floor(i / 28)).padStart(2, '0')}:00:00.000Z`,
        silentHours: 24,
      },
    });

  test('two nodes ticking while events are written send each email exactly once', async () => {
    const mailer = createSmtpMailer(w.smtp.url, 'Latchkey <latchkey@notify.example>');
    const a = w.context(mailer);
    const b = { ...w.context(mailer), db: second.db };
    const writing = (async () => {
      for (let i = 0; i < facts / 2; i++) await silence(i);
    })();
    const ran = { a: 0, b: 0 };
    for (let round = 0; round < 15; round++) {
      const [ra, rb] = await Promise.all([runNotifier(a, 'node-a'), runNotifier(b, 'node-b')]);
      if (ra) ran.a++;
      if (rb) ran.b++;
    }
    await writing;
    // Lease lost mid-run: both nodes judge and send at once, without it.
    for (let i = facts / 2; i < facts; i++) await silence(i);
    const race = (ctx: typeof a, node: string) =>
      judgeNewEvents(ctx.db, ctx.clock, true)
        .catch((err: unknown) => {
          if (!(err instanceof ConflictError)) throw err;
        })
        .then(() => sendDueMessages({ ...ctx, mailer }))
        .then(() => node);
    for (let round = 0; round < 5; round++) await Promise.all([race(a, 'node-a'), race(b, 'node-b')]);
    await runNotifier(a, 'node-a');
    const mails = await w.smtp.waitFor((m) => /SCIM provisioning silent/.test(m.subject), facts, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    const all = w.smtp.messages.filter((m) => /SCIM provisioning silent/.test(m.subject));
    const perFact = new Map<string, number>();
    for (const m of all) {
      const since = /since (\S+),/.exec(m.text)?.[1] ?? '';
      perFact.set(since, (perFact.get(since) ?? 0) + 1);
    }
    console.log(`two nodes: ${facts} facts, ${all.length} emails, runs taken a=${ran.a} b=${ran.b}`);
    expect(mails.length).toBe(facts);
    expect(perFact.size).toBe(facts);
    expect([...perFact.values()].every((n) => n === 1)).toBe(true);
    mailer.close();
  });
});
