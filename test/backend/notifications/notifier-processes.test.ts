// Two service processes on one PostgreSQL database, each with its own
// notifier timer ticking every second (issue 24 items 4 and 5): the facts
// written while both run are each emailed exactly once.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeEvent } from '../../../backend/events/write-events.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { testDialects } from '../../support/databases.ts';
import { startSecondNode, type SecondNode } from '../../support/second-node.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp-catcher.ts';

const postgres = testDialects.find((d) => d.name === 'postgres');
const facts = 30;

describe.skipIf(!postgres || Boolean(postgres.skip))(
  `the notifier in two service processes [postgres]${postgres?.skip ? ` — skipped: ${postgres.skip}` : ''}`,
  () => {
    let smtp: SmtpCatcher;
    let service: TestService;
    let second: SecondNode;
    let accountId: string;

    beforeAll(async () => {
      if (!postgres) return;
      smtp = await startSmtpCatcher();
      const env = { LATCHKEY_SMTP_URL: smtp.url, LATCHKEY_NOTIFY_CHECK_SECONDS: '1' };
      service = await startTestService(postgres, { env });
      // The second process reads its settings from the environment it is spawned with.
      const saved = { url: process.env.LATCHKEY_SMTP_URL, every: process.env.LATCHKEY_NOTIFY_CHECK_SECONDS };
      Object.assign(process.env, env);
      try {
        second = await startSecondNode(service);
      } finally {
        if (saved.url === undefined) delete process.env.LATCHKEY_SMTP_URL;
        else process.env.LATCHKEY_SMTP_URL = saved.url;
        if (saved.every === undefined) delete process.env.LATCHKEY_NOTIFY_CHECK_SECONDS;
        else process.env.LATCHKEY_NOTIFY_CHECK_SECONDS = saved.every;
      }
      const owner = new ConsoleClient(service.baseUrl);
      accountId = await owner.signUp('Two Processes', 'owner@processes.example', 'correct horse battery');
      await owner.login('owner@processes.example', 'correct horse battery');
      const admins = await owner.get<{ admins: { userId: string }[] }>('/api/console/notifications');
      const res = await owner.put('/api/console/notifications/scim_silent', {
        enabled: true,
        recipients: admins.body.admins.map((a) => a.userId),
      });
      expect(res.status).toBe(204);
    });
    afterAll(async () => {
      await second?.stop();
      await service?.close();
      await smtp?.close();
    });

    test('facts written while both processes tick are each emailed once', { timeout: 120_000 }, async () => {
      const { db } = service.deps.database;
      for (let i = 0; i < facts; i++) {
        await writeEvent(db, service.deps.clock, accountId, {
          type: 'scim.silent',
          data: { lastRequestAt: `2026-10-01T00:${String(i).padStart(2, '0')}:00.000Z`, silentHours: 24 },
        });
        if (i % 5 === 0) await new Promise((r) => setTimeout(r, 300));
      }
      await smtp.waitFor((m) => /SCIM provisioning silent/.test(m.subject), facts, 60_000);
      // Three more ticks of each process: nothing more arrives.
      await new Promise((r) => setTimeout(r, 3500));
      const texts = smtp.messages.map((m) => /since (\S+),/.exec(m.text)?.[1] ?? '');
      expect(texts).toHaveLength(facts);
      expect(new Set(texts).size).toBe(facts);
      const leases = await db
        .selectFrom('job_leases')
        .select('name')
        .where('name', '=', 'notifications')
        .execute();
      expect(leases).toHaveLength(1);
    });
  },
);
