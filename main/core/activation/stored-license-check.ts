// The engine's one question about a stored license: does it verify under the
// app's root (DESIGN.md, "Trust"), and if its key's certificate is not cached
// yet (a rotated signing key, a renewed certification), does it once the
// server's current certificates are fetched? Refusals come out coded:
// LICENSE_UNTRUSTED for a key the root did not certify, ACTIVATION_REVOKED for
// a license that is itself wrong (edited, another device, another issuer).
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { LicenseRejected, LicenseUntrusted, verifyLicense, type LicenseState } from '../license-verifier.ts';
import type { StoredLicense } from '../licensing/license-file.ts';
import type { LicensingClient } from '../licensing/licensing-client.ts';
import type { TrustAnchor } from '../trust/trust-anchor.ts';
import { toLatchkeyError } from './failure-view.ts';

export function asCoded(err: unknown): LatchkeyError {
  if (err instanceof LicenseUntrusted) return new LatchkeyError('LICENSE_UNTRUSTED', err.message);
  return err instanceof LicenseRejected
    ? new LatchkeyError('ACTIVATION_REVOKED', err.message)
    : toLatchkeyError(err);
}

export class StoredLicenseCheck {
  private readonly options: {
    anchor: TrustAnchor;
    deviceId: string;
    now: () => Date;
    onRefreshed: () => void;
  };

  constructor(options: StoredLicenseCheck['options']) {
    this.options = options;
  }

  /** Verifies with the cached certificates only (offline). */
  verify(stored: StoredLicense): Promise<LicenseState> {
    return this.raw(stored).catch((err: unknown) => {
      throw asCoded(err);
    });
  }

  /**
   * A license signed by a key the cached certificates do not vouch for: the server's current
   * certificates are fetched and kept in `stored` only if the license then verifies. Whatever
   * the server sends is checked against the app's root, so the fetch adds no trust; with no
   * server the license stays untrusted.
   */
  async verifyWithFreshCertificates(stored: StoredLicense, client: LicensingClient): Promise<LicenseState> {
    try {
      return await this.raw(stored);
    } catch (err) {
      if (!(err instanceof LicenseUntrusted)) throw asCoded(err);
      let fetched: string[];
      try {
        fetched = await client.keyCertificates();
      } catch (fetchErr) {
        throw new LatchkeyError(
          'LICENSE_UNTRUSTED',
          `${err.message} (the server could not be asked for newer certificates: ${(fetchErr as Error).message})`,
        );
      }
      const verified = await this.verify({ ...stored, keyCertificates: fetched });
      stored.keyCertificates = fetched;
      this.options.onRefreshed();
      return verified;
    }
  }

  private raw(stored: StoredLicense): Promise<LicenseState> {
    return verifyLicense(stored.license, {
      anchor: this.options.anchor,
      certificates: stored.keyCertificates,
      issuer: stored.issuer,
      deviceId: this.options.deviceId,
      now: this.options.now(),
    });
  }
}
