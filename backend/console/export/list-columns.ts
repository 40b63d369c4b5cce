// The columns of each console list's CSV: what the list shows on screen, one
// value per cell (groups joined with "; ", evidence and detail as JSON).
import type { Activation, Attempt, AuditEntry } from '../../../common/console-api.ts';
import type { DirectoryUser } from '../../../common/console-directory.ts';
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
