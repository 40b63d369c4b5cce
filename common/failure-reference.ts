// How the service names a refusal in an OAuth error_description (RFC 6749
// §4.1.2.1, §5.2) on its way back to the app: "<CODE> ref:<activation log id>"
// — the catalog code and the log entry the user reads off to IT — and, where
// the code alone does not say why (a revoked activation), " reason:<CODE>".
// Built by the service, parsed by the app.
import { isFailureCode, type FailureCode } from './failure-codes.ts';

const referencePrefix = 'ref:';
const reasonPrefix = 'reason:';

export function formatFailureDescription(
  code: FailureCode,
  reference: string | number,
  reason: FailureCode | null = null,
): string {
  return `${code} ${referencePrefix}${reference}${reason ? ` ${reasonPrefix}${reason}` : ''}`;
}

/** The code when it is one of the catalog's, the reference and the reason when there are. */
export function parseFailureDescription(description: string): {
  code: FailureCode | null;
  reference: string | null;
  reason: FailureCode | null;
} {
  const [code = '', ...rest] = description.trim().split(' ');
  const ref = rest.find((part) => part.startsWith(referencePrefix));
  const reason = rest.find((part) => part.startsWith(reasonPrefix))?.slice(reasonPrefix.length);
  return {
    code: isFailureCode(code) ? code : null,
    reference: ref ? ref.slice(referencePrefix.length) || null : null,
    reason: isFailureCode(reason) ? reason : null,
  };
}
