// A service with one business account, its owner signed in to the console, a
// real SMTP server on loopback and a clock the test moves: what the
// notification tests share.
import { hashPassword } from '../../../backend/accounts/password.ts';
import type { NewEvent } from '../../../common/event-types.ts';
import type { NotificationKind, NotificationRuleInput } from '../../../common/console-notifications.ts';
import { writeEvent } from '../../../backend/events/write-events.ts';
import { createSmtpMailer, type Mailer } from '../../../backend/mail/mailer.ts';
import { newUserRow } from '../../../backend/db/user-row.ts';
import {
  runNotifier,
  type NotifierContext,
  type NotifierRun,
} from '../../../backend/notifications/notifier.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import type { TestDialect } from '../../support/databases.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp-catcher.ts';
import { startTestService, type TestService } from '../../support/service.ts';

export interface NotifyWorld {
  service: TestService;
  console: ConsoleClient;
  accountId: string;
  ownerId: string;
  smtp: SmtpCatcher;
  /** Moves the service's clock on. */
  advance(ms: number): void;
  write(event: NewEvent): Promise<void>;
  saveRule(kind: NotificationKind, rule: NotificationRuleInput): Promise<void>;
  /** A second console admin (a local user with a password). */
  addAdmin(email: string): Promise<string>;
  run(mailer?: Mailer, node?: string): Promise<NotifierRun | null>;
  context(mailer?: Mailer): NotifierContext;
  close(): Promise<void>;
}

export async function startNotifyWorld(
  dialect: TestDialect,
  accountName = 'Notify Corp',
): Promise<NotifyWorld> {
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  // The service's own timer stays off: each test runs the notifier when it means to.
  const service = await startTestService(dialect, { clock, env: { LATCHKEY_NOTIFY_CHECK_SECONDS: '0' } });
  const console = new ConsoleClient(service.baseUrl);
  const accountId = await console.signUp(accountName, 'owner@notify.example', 'correct horse battery');
  await console.login('owner@notify.example', 'correct horse battery');
  const { db } = service.deps.database;
  const owner = await db
    .selectFrom('account_users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('is_owner', '=', 1)
    .executeTakeFirstOrThrow();
  const smtp = await startSmtpCatcher();
  const mailer = createSmtpMailer(smtp.url, 'Latchkey <latchkey@notify.example>');
  const context = (m: Mailer = mailer): NotifierContext => ({
    db,
    clock,
    mailer: m,
    masterKey: service.deps.masterKey,
    publicUrl: service.baseUrl,
  });
  return {
    service,
    console,
    accountId,
    ownerId: owner.id,
    smtp,
    advance: (ms) => (offset += ms),
    write: (event) => writeEvent(db, clock, accountId, event),
    async saveRule(kind, rule) {
      const res = await console.put(`/api/console/notifications/${kind}`, rule);
      if (res.status !== 204) throw new Error(`saving ${kind}: ${res.status} ${JSON.stringify(res.body)}`);
    },
    async addAdmin(email) {
      const now = clock.now().toISOString();
      const row = newUserRow(
        { accountId, userName: email, source: 'local', now },
        { password_hash: await hashPassword('another good password') },
      );
      await db.insertInto('account_users').values(row).execute();
      return row.id;
    },
    run: (m, node = 'test-node') => runNotifier(context(m), node),
    context,
    async close() {
      mailer.close();
      await smtp.close();
      await service.close();
    },
  };
}
