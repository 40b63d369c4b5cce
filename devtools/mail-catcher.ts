// The demo's mail catcher: a real SMTP server on loopback that keeps what the
// service sends (notifications, invitations) in memory, and a small web page
// listing it (subject, to, time) with each message's text and HTML. The HTML
// part is served under a CSP sandbox (no script, no outside fetch): an email
// is data, never code run in the catcher's page. Development only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtEmail {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface MailCatcher {
  /** What the service's LATCHKEY_SMTP_URL is set to. */
  smtpUrl: string;
  /** The web page listing what was sent. */
  webUrl: string;
  messages: CaughtEmail[];
  close(): Promise<void>;
}

/** Kept in memory: the newest 500. */
const keep = 500;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
  `<style>body{font:15px system-ui,sans-serif;margin:2rem;color:#1d1d1f}table{border-collapse:collapse}` +
  `td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}pre{white-space:pre-wrap;background:#f5f5f7;padding:1rem}` +
  `iframe{width:100%;height:40rem;border:1px solid #ccc}</style></head><body>${body}</body></html>`;

function listPage(messages: CaughtEmail[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<tr><td><time datetime="${m.receivedAt}">${escapeHtml(m.receivedAt.replace('T', ' ').slice(0, 19))}</time></td>` +
        `<td>${escapeHtml(m.to.join(', '))}</td><td><a href="/message/${m.id}">${escapeHtml(m.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('');
  return page(
    'Mail catcher',
    `<h1>Mail catcher</h1><p>What the demo service emailed (newest first; kept until the demo stops).</p>` +
      (rows
        ? `<table><thead><tr><th>Received (UTC)</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`
        : '<p>No email yet.</p>'),
  );
}

function messagePage(m: CaughtEmail): string {
  return page(
    m.subject,
    `<p><a href="/">All emails</a></p><h1>${escapeHtml(m.subject)}</h1>` +
      `<p>From ${escapeHtml(m.from)} to ${escapeHtml(m.to.join(', '))}, ${escapeHtml(m.receivedAt)}</p>` +
      `<h2>HTML</h2><iframe title="HTML part" sandbox src="/message/${m.id}/html"></iframe>` +
      `<h2>Plain text</h2><pre>${escapeHtml(m.text)}</pre>`,
  );
}

function startWeb(messages: CaughtEmail[], port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, ...headers }).end(body);
    if (req.method !== 'GET') return send(405, 'text/plain', 'GET only');
    if (path === '/') return send(200, 'text/html', listPage(messages));
    if (path === '/messages.json') return send(200, 'application/json', JSON.stringify(messages));
    const match = /^\/message\/(\d+)(\/html)?$/.exec(path);
    const message = match ? messages.find((m) => m.id === Number(match[1])) : undefined;
    if (!match || !message)
      return send(404, 'text/html', page('Not found', '<p>No such email. <a href="/">All emails</a></p>'));
    if (match[2])
      return send(200, 'text/html', message.html || '<p>(no HTML part)</p>', {
        'content-security-policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      });
    return send(200, 'text/html', messagePage(message));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** `webPort`: the page's port (0: any free one). The SMTP server always takes a free port. */
export async function startMailCatcher(webPort = 0): Promise<MailCatcher> {
  const messages: CaughtEmail[] = [];
  let next = 1;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push({
            id: next++,
            receivedAt: new Date().toISOString(),
            from: parsed.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          });
          if (messages.length > keep) messages.shift();
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  let web: Server;
  try {
    web = await startWeb(messages, webPort);
  } catch (err) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw err;
  }
  const { port } = web.address() as AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: `http://127.0.0.1:${port}/`,
    messages,
    async close() {
      await new Promise<void>((resolve) => web.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
