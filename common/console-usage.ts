// The Usage page's answers (GET /api/console/usage, issue 23 item 1): who
// holds a seat and who does not use it. A row is a device (one live
// activation) with its user beside it: a seat is released device by device,
// and a user's laptop in daily use says nothing about the desktop they left
// behind. The user's own first activation, last check-in and device count
// come with each row, so the page also answers per user.
import type { Page } from './console-api.ts';

/** Active: checked in within the account's idle days; idle: silent for at least that long. */
export type UsageState = 'active' | 'idle';

export interface UsageRow {
  activationId: string;
  deviceName: string;
  os: string;
  appVersion: string;
  via: 'sso' | 'key';
  /** This device's activation. */
  firstActivatedAt: string;
  lastCheckInAt: string;
  /** Whole days since this device's last check-in. */
  silentDays: number;
  state: UsageState;
  /** This device's user took a seat above the license's count, as its overage allows (issue 23 item 3). */
  overCount: boolean;
  license: { id: string; edition: string };
  sublicense: { id: string; group: string } | null;
  user: {
    id: string;
    userName: string;
    email: string | null;
    displayName: string | null;
    /** Over the user's live devices: the first activation, the latest check-in, how many, active or idle. */
    firstActivatedAt: string;
    lastCheckInAt: string;
    devices: number;
    state: UsageState;
  };
}

/** Seats held (users with a live device) per license and sublicense, and devices active vs idle. */
export interface UsageSummary {
  idleDays: number;
  devices: { active: number; idle: number };
  licenses: {
    id: string;
    edition: string;
    seats: number;
    seatsHeld: number;
    sublicenses: { id: string; group: string; seats: number; seatsHeld: number }[];
  }[];
}

/** A page of usage (the account-wide summary is GET /api/console/usage/summary: it counts every device). */
export interface UsagePage extends Page<UsageRow> {
  idleDays: number;
  /** Which order the rows walk: by first activation, or longest silent first (with idleFor). */
  order: 'first-activation' | 'longest-silent';
}

/** PUT /api/console/usage/settings and its answer. */
export interface UsageSettings {
  idleDays: number;
}

export const idleDaysRange = { min: 1, max: 365, default: 30 } as const;
