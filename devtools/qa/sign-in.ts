// `latchkey-qa sign-in`: the person at the browser, for a headless machine. It
// opens the sign-in link `latchkey activate --no-browser` printed, signs in on
// the dev IdP's page as the chosen user with the chosen fault (the scripted
// browser the scenarios use), and hands the answer back to the waiting app at
// its redirect URI, as a browser would. What the app then decides is the
// `latchkey` command's to print; this says how the browser step ended.
import { browse } from '../scripted-browser.ts';
import { formOf, unescapeHtml } from '../html-forms.ts';

export interface SignInResult {
  /** The browser step ended at the app's redirect URI, and the app was handed the answer. */
  returnedToApp: boolean;
  /** The HTTP status the app answered its redirect URI with. */
  appStatus: number | null;
  /** The OAuth error the service sent the app instead of a code (RFC 6749 §4.1.2.1). */
  error: string | null;
  /** The service's "Sign-in did not work" page, when the browser was shown one. */
  refusal: { code: string | null; message: string | null; reference: string | null } | null;
}

/** The app is not waiting any more (its sign-in timed out or was cancelled): nothing took the answer. */
export class AppNotWaiting extends Error {
  override name = 'AppNotWaiting';
}

/** The service's refusal page: its message (role="alert") and the code and reference it names. */
export function refusalOn(page: string): SignInResult['refusal'] {
  const message = /<p role="alert">([^<]*)<\/p>/.exec(page)?.[1];
  if (message === undefined || formOf(page).names.length > 0) return null;
  const codes = [...page.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => unescapeHtml(m[1] ?? ''));
  return { code: codes[0] ?? null, message: unescapeHtml(message), reference: codes[1] ?? null };
}

export async function signIn(link: URL, as: string, fault: string): Promise<SignInResult> {
  const redirectUri = link.searchParams.get('redirect_uri') ?? '';
  const { callback, lastPage } = await browse(link.href, as, redirectUri, { fault });
  const refusal = refusalOn(lastPage);
  if (!callback) return { returnedToApp: false, appStatus: null, error: null, refusal };
  let appStatus: number;
  try {
    appStatus = (await fetch(callback, { redirect: 'manual' })).status;
  } catch (err) {
    throw new AppNotWaiting(
      `the sign-in finished, but the app is no longer waiting at ${redirectUri} (did latchkey activate time out or stop?): ${(err as Error).message}`,
      { cause: err },
    );
  }
  return {
    returnedToApp: true,
    appStatus,
    error: new URL(callback).searchParams.get('error'),
    refusal,
  };
}
