// The IdP Integration's step list: what "Activate Integration" lists, and the
// synced group a mapping names.
import { expect, test } from 'vitest';
import type { DirectoryGroup, StepState } from '../../../renderer/console/api/types.ts';
import { syncedGroup } from '../../../renderer/console/lib/groups.ts';
import {
  graySteps,
  hasStarted,
  initialStep,
  quotedControls,
  stepHash,
} from '../../../renderer/console/lib/steps.ts';

const steps: StepState[] = [
  {
    number: 1,
    key: 'domains',
    title: "Configure Your Organization's Domain(s)",
    state: 'green',
    missing: [],
  },
  {
    number: 3,
    key: 'group_mapping',
    title: 'Configure user groups mapping',
    state: 'gray',
    missing: ['admins group name and ID'],
  },
  { number: 7, key: 'backup_login', title: 'Configure backup login', state: 'gray', missing: [] },
];

test('the gray steps are listed in the vendor guides’ words with what is missing', () => {
  expect(graySteps(steps)).toEqual([
    'Step 3: Configure user groups mapping — admins group name and ID',
    'Step 7: Configure backup login',
  ]);
});

test('the steps show once anything is green or Start Configuring was pressed', () => {
  const allGray = steps.map((s) => ({ ...s, state: 'gray' as const }));
  expect(hasStarted(allGray, false)).toBe(false);
  expect(hasStarted(allGray, true)).toBe(true);
  expect(hasStarted(steps, false)).toBe(true);
});

test('step 7 green by default (the signed-in owner is the backup login) does not skip Start Configuring', () => {
  const onlyBackup = steps.map(
    (s) => ({ ...s, state: s.key === 'backup_login' ? 'green' : 'gray' }) as const,
  );
  expect(hasStarted(onlyBackup, false)).toBe(false);
  expect(hasStarted(onlyBackup, true)).toBe(true);
});

test('a mapping finds its synced group by externalId first, else by name in any case', () => {
  const groups: DirectoryGroup[] = [
    { id: 'u1', name: 'Latchkey Admins', externalId: 'other', members: 1 },
    { id: 'u2', name: 'Renamed', externalId: 'grp-admins', members: 4 },
  ];
  expect(syncedGroup(groups, { name: 'Latchkey Admins', id: 'grp-admins' })?.id).toBe('u2');
  expect(syncedGroup(groups, { name: 'latchkey admins', id: 'nope' })?.id).toBe('u1');
  expect(syncedGroup(groups, { name: null, id: null })).toBeUndefined();
});

test('the page opens the step its URL names, else the first gray one (issue 22 item 10)', () => {
  expect(initialStep(steps, '#step-7')).toBe('backup_login');
  expect(initialStep(steps, '#step-3')).toBe('group_mapping');
  expect(initialStep(steps, '')).toBe('group_mapping');
  expect(initialStep(steps, '#step-9')).toBe('group_mapping');
  expect(initialStep(steps, '#step-1x')).toBe('group_mapping');
  expect(initialStep([steps[0] as StepState], '')).toBeUndefined();
  expect(stepHash(steps[2] as StepState)).toBe('#step-7');
});

test('a hint names its control in quotes', () => {
  expect(quotedControls(['a SCIM token', 'tick "Configuration in the IdP Directory is done"'])).toEqual([
    'Configuration in the IdP Directory is done',
  ]);
});
