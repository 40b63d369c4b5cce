// Console wire types of device self-service and approvals (issue 26 items 1 and 4).

export interface PendingApproval {
  id: string;
  deviceName: string;
  os: string;
  appVersion: string;
  userEmail: string | null;
  userName: string;
  licenseId: string;
  licenseEdition: string;
  requestedAt: string;
  expiresAt: string;
}

export interface PendingApprovalsAnswer {
  requests: PendingApproval[];
}

export interface DeviceSettings {
  /** Users may release their own devices from the app (after a fresh sign-in). */
  selfServiceRelease: boolean;
  /** Users may finish the app's sign-in on a second device (RFC 8628 device code; off by default). */
  deviceCodeSignIn: boolean;
  licenses: { id: string; edition: string; expiresAt: string; deviceApproval: boolean }[];
}
