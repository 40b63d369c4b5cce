// The columns of each console list's CSV: what the list shows on screen, one
// value per cell (groups joined with "; ", evidence and detail as JSON).
import type { Activation, Attempt, AuditEntry } from '../../../common/console-api.ts';
import type { DirectoryUser } from '../../../common/console-directory.ts';
import type { UsageRow } from '../../../common/console-usage.ts';
import type { CsvColumn } from './csv-stream.ts';

export const userColumns: CsvColumn<DirectoryUser>[] = [
  { header: 'User name', cell: (u) => u.userName },
  { header: 'Email', cell: (u) => u.email },
  { header: 'Display name', cell: (u) => u.displayName },
  { header: 'Source', cell: (u) => u.source },
  { header: 'Active', cell: (u) => (u.active ? 'yes' : 'no') },
  { header: 'Groups', cell: (u) => u.groups.map((g) => g.name).join('; ') },
  { header: 'Active devices', cell: (u) => u.activeDevices },
  { header: 'Last sign-in', cell: (u) => u.lastLoginAt },
  { header: 'User id', cell: (u) => u.id },
];

export const deviceColumns: CsvColumn<Activation>[] = [
  { header: 'User', cell: (a) => a.userName },
  { header: 'Device', cell: (a) => a.deviceName },
  { header: 'OS', cell: (a) => a.os },
  { header: 'App version', cell: (a) => a.appVersion },
  { header: 'Activated', cell: (a) => a.createdAt },
  { header: 'Last check-in', cell: (a) => a.lastCheckInAt },
  { header: 'Revoked', cell: (a) => a.revokedAt },
  { header: 'Revoked because', cell: (a) => a.revokedReason },
  { header: 'License id', cell: (a) => a.licenseId },
  { header: 'Sublicense id', cell: (a) => a.sublicenseId },
  { header: 'Activation id', cell: (a) => a.id },
];

export const attemptColumns: CsvColumn<Attempt>[] = [
  { header: 'Reference', cell: (a) => a.id },
  { header: 'When', cell: (a) => a.at },
  { header: 'Email', cell: (a) => a.email },
  { header: 'Stage', cell: (a) => a.stage },
  { header: 'Outcome', cell: (a) => a.outcome },
  { header: 'Code', cell: (a) => a.code },
  { header: 'Evidence', cell: (a) => JSON.stringify(a.evidence) },
];

export const auditColumns: CsvColumn<AuditEntry>[] = [
  { header: 'When', cell: (e) => e.at },
  { header: 'Who', cell: (e) => e.actor },
  { header: 'What', cell: (e) => e.action },
  { header: 'Target', cell: (e) => e.target },
  { header: 'Details', cell: (e) => JSON.stringify(e.detail) },
  { header: 'Entry', cell: (e) => e.id },
];

export const usageColumns: CsvColumn<UsageRow>[] = [
  { header: 'State', cell: (r) => r.state },
  { header: 'Days without a check-in', cell: (r) => r.silentDays },
  { header: 'User name', cell: (r) => r.user.userName },
  { header: 'Email', cell: (r) => r.user.email },
  { header: 'User state', cell: (r) => r.user.state },
  { header: 'User devices', cell: (r) => r.user.devices },
  { header: 'Device', cell: (r) => r.deviceName },
  { header: 'OS', cell: (r) => r.os },
  { header: 'App version', cell: (r) => r.appVersion },
  { header: 'License', cell: (r) => r.license.edition },
  { header: 'Sublicense', cell: (r) => r.sublicense?.group ?? null },
  { header: 'Over the count', cell: (r) => (r.overCount ? 'yes' : 'no') },
  { header: 'First activation', cell: (r) => r.firstActivatedAt },
  { header: 'Last check-in', cell: (r) => r.lastCheckInAt },
  { header: 'License id', cell: (r) => r.license.id },
  { header: 'Activation id', cell: (r) => r.activationId },
];
