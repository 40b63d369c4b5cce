// Which rows of the engine's transition table each flow module causes, so the
// module's test file can require that real flows reached them;
// transitions.test.ts requires that together they are the whole table.
type Row = `${string} --${string}--> ${string}`;

export const rowsByModule: Record<string, readonly Row[]> = {
  'activation-engine.ts': ['idle --no-license--> idle', 'failed --no-license--> idle'],
  'sso-activation.ts': [
    'idle --sign-in-started--> waiting-for-browser',
    'failed --sign-in-started--> waiting-for-browser',
    'waiting-for-browser --browser-returned--> exchanging',
    'exchanging --signed-in--> activating',
    'waiting-for-browser --sign-in-cancelled--> idle',
    'idle --activation-failed--> failed',
    'failed --activation-failed--> failed',
    'waiting-for-browser --activation-failed--> failed',
    'exchanging --activation-failed--> failed',
  ],
  'key-activation.ts': [
    'idle --key-submitted--> activating',
    'failed --key-submitted--> activating',
    'activating --key-turned-down--> idle',
  ],
  'pinning.ts': [
    'activating --license-issued--> activated',
    'activating --activation-failed--> failed',
    'idle --license-loaded--> activated',
    'failed --license-loaded--> activated',
    'idle --stored-license-refused--> failed',
    'failed --stored-license-refused--> failed',
  ],
  'renewal.ts': [
    'activated --checked-in--> activated',
    'failed --checked-in--> activated',
    'activated --check-in-refused--> failed',
    'failed --check-in-refused--> failed',
    'activated --check-in-broke--> failed',
    'failed --check-in-broke--> failed',
  ],
  'offline.ts': [
    'activated --went-offline--> activated',
    'failed --went-offline--> activated',
    'idle --lease-ended-offline--> failed',
    'activated --lease-ended-offline--> failed',
    'failed --lease-ended-offline--> failed',
  ],
  'approval-wait.ts': ['activating --approval-pending--> activating'],
  'my-devices-session.ts': ['failed --signed-in--> activating'],
  'deactivation.ts': [
    'activated --deactivated--> idle',
    'failed --deactivated--> idle',
    'activated --deactivation-failed--> failed',
    'failed --deactivation-failed--> failed',
  ],
};
