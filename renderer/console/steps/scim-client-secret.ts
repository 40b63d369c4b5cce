// A SCIM OAuth client's secret as shown once (the service keeps only its hash
// and last 4 characters), and the most secrets a client holds live.

/** The service's limit (backend/scim/scim-clients.ts). */
export const maxLiveSecrets = 5;

export interface ShownSecret {
  clientId: string;
  secretId: string;
  secret: string;
  /** A new client's first secret, not one added beside older ones. */
  fresh: boolean;
}
