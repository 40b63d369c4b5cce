// Wire types of "My devices" (issue 26 item 1) and of a device waiting for an
// admin's approval (item 4), shared by the service, the app's core and CLI.

/** One of the signed-in user's live activations, as GET /api/v1/my/devices answers it. */
export interface MyDevice {
  id: string;
  deviceName: string;
  os: string;
  appVersion: string;
  activatedAt: string;
  lastCheckInAt: string;
  /** The device that asked (its deviceId matched the `deviceId` query parameter). */
  thisDevice: boolean;
}

export interface MyDevicesAnswer {
  devices: MyDevice[];
}

/** Beside a DEVICE_APPROVAL_PENDING refusal: how the app learns the admin's answer. */
export interface ApprovalTicket {
  requestId: string;
  /** Bearer for POST /api/v1/device-approvals/poll; shown once, stored hashed. */
  pollToken: string;
  expiresAt: string;
  /** The first wait before polling; the app backs off from it. */
  pollAfterSeconds: number;
}

/** The poll's answer while nobody has decided yet (HTTP 202). */
export interface ApprovalStillPending {
  status: 'pending';
  expiresAt: string;
  pollAfterSeconds: number;
}

export const myDevicesPath = '/api/v1/my/devices';
export const approvalPollPath = '/api/v1/device-approvals/poll';
