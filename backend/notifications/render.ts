// One notification email (docs/notifications.md): a subject that says the
// fact, a plain text part and an HTML part with the same words, a link to the
// console page concerned and the unsubscribe link of this rule for this
// recipient. Everything that comes from data is escaped in the HTML part; no
// secret is ever in a fact (facts.ts picks fields), so none can be here.
import { failureCodes, isFailureCode } from '../../common/failure-codes.ts';
import { notificationKindLabels } from '../../common/console-notifications.ts';
import type { Fact } from './facts.ts';

export interface RenderContext {
  accountId: string;
  accountName: string;
  /** The service's public URL (no trailing slash). */
  publicUrl: string;
  recipientEmail: string;
  /** Absent for "Send a test email". */
  unsubscribeUrl?: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface Told {
  subject: string;
  /** Paragraphs. */
  lines: string[];
  /** The console page (under /console) and the link's words. */
  page: string;
  action: string;
}

const str = (v: string | number | undefined): string => (v === undefined ? '' : String(v));
const day = (iso: string | number | undefined): string => str(iso).slice(0, 10) || 'an unknown date';

function tell(fact: Fact): Told {
  const d = fact.data;
  switch (fact.type) {
    case 'certificate.expiring':
      return {
        subject: `IdP certificate expires in ${str(d.daysLeft)} day${d.daysLeft === 1 ? '' : 's'}`,
        lines: [
          `The IdP signing certificate "${str(d.subject)}" expires on ${day(d.notAfter)}.`,
          'After that, every SSO sign-in it signs is refused (SAML_CERT_EXPIRED). Add the new certificate from your IdP in step 4 (SAML) of the IdP Integration; two certificates can be configured for the rollover.',
          `Certificate SHA-256 fingerprint: ${str(d.fingerprint)}`,
        ],
        page: '/integration',
        action: 'Open IdP Integration',
      };
    case 'certificate.expired':
      return {
        subject: 'IdP certificate expired: SSO sign-ins are refused',
        lines: [
          `The IdP signing certificate "${str(d.subject)}" expired on ${day(d.notAfter)}.`,
          'Sign-ins it signs are refused (SAML_CERT_EXPIRED). Add the current certificate from your IdP in step 4 (SAML) of the IdP Integration.',
          `Certificate SHA-256 fingerprint: ${str(d.fingerprint)}`,
        ],
        page: '/integration',
        action: 'Open IdP Integration',
      };
    case 'seats.threshold_reached': {
      const full = d.threshold === 100;
      return {
        subject: `${full ? 'All' : `${str(d.threshold)} % of the`} seats of "${str(d.licenseName)}" in use`,
        lines: [
          `The license "${str(d.licenseName)}" has ${str(d.seatsUsed)} of ${str(d.seats)} seats in use.`,
          full
            ? 'New activations are refused (NO_SEATS_AVAILABLE) until a seat is freed or seats are added.'
            : 'When all seats are in use, new activations are refused (NO_SEATS_AVAILABLE). Add seats or free idle devices.',
        ],
        page: '/licenses',
        action: 'Open Licenses',
      };
    }
    case 'scim.silent':
      return {
        subject: `SCIM provisioning silent for ${str(d.silentHours)} hours`,
        lines: [
          `Your IdP has sent no SCIM request since ${str(d.lastRequestAt)}, although it had been provisioning.`,
          'Users removed in the IdP keep their access until provisioning resumes. Check the provisioning job in your IdP (paused, or its token rotated?).',
        ],
        page: '/integration',
        action: 'Open IdP Integration',
      };
    case 'refusal.spike': {
      const code = str(d.code);
      const remedy = isFailureCode(code) ? failureCodes[code].adminRemedy : '';
      return {
        subject: `Spike of ${code}: ${str(d.count)} refusals in ${str(d.windowMinutes)} minutes`,
        lines: [
          `${str(d.count)} activations or sign-ins were refused with ${code} within ${str(d.windowMinutes)} minutes (the rule's threshold is ${str(d.threshold)}).`,
          ...(remedy ? [`What to do: ${remedy}`] : []),
          'You will not be emailed about this code again until the spike is over.',
        ],
        page: '/denials',
        action: 'Open Denials',
      };
    }
    case 'webhook.endpoint_disabled':
      return {
        subject: 'Webhook endpoint disabled after a day of failures',
        lines: [
          `The webhook endpoint ${str(d.url)} failed every delivery since ${str(d.failingSince)} and was disabled.`,
          'No events are sent to it until it is enabled again in the console.',
        ],
        page: '/webhooks',
        action: 'Open Webhooks',
      };
    default:
      return { subject: 'Notification', lines: [], page: '/dashboard', action: 'Open the console' };
  }
}

/** HTML text: every character that could open markup or an attribute is escaped. */
export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A header's text on one line (data never adds a header). */
const oneLine = (value: string): string => value.replace(/[\r\n\t]+/g, ' ').slice(0, 200);

export function renderNotification(fact: Fact, ctx: RenderContext): RenderedEmail {
  const told = tell(fact);
  const link = `${ctx.publicUrl}/console${told.page}?workspace=${encodeURIComponent(ctx.accountId)}`;
  const rule = notificationKindLabels[fact.kind];
  const why = `You receive this as an admin of ${ctx.accountName} because the notification rule "${rule}" names ${ctx.recipientEmail}.`;
  const subject = oneLine(`[Latchkey] ${told.subject} — ${ctx.accountName}`);
  const text = [
    told.subject,
    '',
    ...told.lines.flatMap((l) => [l, '']),
    `${told.action}: ${link}`,
    '',
    '--',
    why,
    ctx.unsubscribeUrl
      ? `Stop these emails (this rule only): ${ctx.unsubscribeUrl}`
      : 'This is a test email.',
    '',
  ].join('\n');
  const p = (s: string) => `<p style="margin:0 0 12px;overflow-wrap:anywhere">${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1d1d1f;max-width:560px">',
    `<h1 style="font-size:18px">${escapeHtml(told.subject)}</h1>`,
    ...told.lines.map(p),
    `<p style="margin:16px 0"><a href="${escapeHtml(link)}">${escapeHtml(told.action)}</a></p>`,
    '<hr style="border:0;border-top:1px solid #ccc">',
    `<p style="font-size:12px;color:#555">${escapeHtml(why)}`,
    ctx.unsubscribeUrl
      ? ` <a href="${escapeHtml(ctx.unsubscribeUrl)}">Stop these emails (this rule only)</a>.</p>`
      : ' This is a test email.</p>',
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
