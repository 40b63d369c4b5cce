// Turns what an admin typed into the one canonical domain name we store:
// lowercase, IDN as punycode (UTS #46 via node:url), no trailing dot. Refuses
// anything that cannot be a company's own email domain.
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { ApiError } from '../http/api-error.ts';
import { publicMailDomains } from './public-mail-domains.ts';

const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const topLevel = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

function refuse(message: string): never {
  throw new ApiError(400, 'invalid_domain', message, { field: 'domain' });
}

export function normalizeDomain(input: string): string {
  const trimmed = input.trim().replace(/\.$/, '');
  if (trimmed === '') refuse('enter a domain name, like example.com');
  if (/[@/:\s]/.test(trimmed))
    refuse(`"${trimmed}" is not a bare domain name: leave out email, scheme and path`);
  if (isIP(trimmed.replace(/^\[|\]$/g, ''))) refuse('an IP address is not a domain name');
  const ascii = domainToASCII(trimmed);
  if (ascii === '') refuse(`"${trimmed}" is not a valid domain name`);
  if (ascii.length > 253) refuse('a domain name has at most 253 characters');
  const labels = ascii.split('.');
  if (labels.length < 2)
    refuse(`"${trimmed}" has no top-level domain: enter the full domain, like example.com`);
  if (!labels.every((l) => label.test(l))) refuse(`"${trimmed}" is not a valid domain name`);
  if (!topLevel.test(labels[labels.length - 1] ?? ''))
    refuse(`"${trimmed}" does not end in a valid top-level domain`);
  if (publicMailDomains.has(ascii)) {
    refuse(`${ascii} is a public email provider: only a domain your company owns can be used for SSO`);
  }
  return ascii;
}
