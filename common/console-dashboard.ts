// Wire types of the Dashboard and the denials report (issue 23 items 4 and 5):
// GET /api/console/dashboard and GET /api/console/denials.

/** A window of whole UTC days ending today: [from, to] as YYYY-MM-DD, at most 90 days. */
export interface DayWindow {
  from: string;
  to: string;
}

/** Refused attempts (activation log, outcome failure) in a window, counted by the database. */
export interface DenialsReport {
  window: DayWindow;
  total: number;
  byCode: { code: string; count: number }[];
  byDay: { day: string; code: string; count: number }[];
  /** How many of the window's latest refusals byGroup, inNoGroup and users count (at most 2,000). */
  sampled: number;
  /** A refusal counts once in each group its user is in (top 20); users in no group, or unknown, apart. */
  byGroup: { groupId: string; group: string; count: number }[];
  inNoGroup: number;
  /** Who could not activate: per email and code, latest first (at most 200 rows). */
  users: { email: string | null; code: string; count: number; lastAt: string }[];
}

/** Seats used / total of one license or sublicense on one day (today: the live count). */
export interface SeatPoint {
  day: string;
  used: number;
  total: number;
}

export interface SeatSeries {
  licenseId: string;
  sublicenseId: string | null;
  label: string;
  points: SeatPoint[];
}

export interface AttemptsPerDay {
  day: string;
  activations: number;
  /** Refusals by catalog code that day. */
  refusals: { code: string; count: number }[];
}

export interface ScimHealth {
  lastRequestAt: string;
  lastMethod: string;
  lastPath: string;
  lastStatus: number;
  lastErrorAt: string | null;
  lastErrorStatus: number | null;
  lastErrorPath: string | null;
}

export interface Dashboard {
  window: DayWindow;
  seats: SeatSeries[];
  attempts: AttemptsPerDay[];
  idle: { days: number; devices: number; liveDevices: number };
  /** Active users in the directory, and those of them from the IdP (SCIM or a first sign-in). */
  users: { active: number; provisioned: number };
  /** Null until the account's first SCIM request that got past its token. */
  scim: ScimHealth | null;
}
