// The console API's answers, as the screens read them: defined once in
// common/ (the service builds the same types), re-exported for the console.
export type {
  Me,
  StepKey,
  StepState,
  CertificateInfo,
  AttributePreset,
  Integration,
  MetadataUrlState,
  MetadataImport,
  Domain,
  LostDomainClaim,
  ScimToken,
  ScimClient,
  ScimClientSecret,
  Activation,
  License,
  LicenseOverage,
  Sublicense,
  Attempt,
  AuditEntry,
  Invitation,
  InvitationAccepted,
  InvitationDetails,
  InvitationRole,
  IssuedInvitationLink,
} from '../../../common/console-api.ts';
export type { DirectoryGroup, DirectoryUser, LicenseUsage } from '../../../common/console-directory.ts';
export type { UsagePage, UsageRow, UsageSettings, UsageSummary } from '../../../common/console-usage.ts';
