// The console puts the service's validation error under the field it names.
import { expect, test } from 'vitest';
import { ConsoleApiError, errorFromResponse } from '../../../renderer/console/api/client.ts';
import {
  errorsKeyOf,
  followErrors,
  formErrorsOf,
  noteFieldChanged,
  visibleFieldErrors,
  withoutFieldPrefix,
  type ChangedSinceErrors,
} from '../../../renderer/console/lib/field-errors.ts';

test('an error naming a field of the form goes under that field, without the "field: " prefix', () => {
  const err = errorFromResponse(400, {
    error: { code: 'invalid_input', message: 'ssoUrl: not a URL', field: 'ssoUrl' },
  });
  expect(formErrorsOf(err, ['entityId', 'ssoUrl'])).toEqual({
    fields: { ssoUrl: 'Not a URL' },
    form: undefined,
  });
});

test('an error about a whole list goes under its first input', () => {
  const err = new ConsoleApiError(400, 'invalid_input', 'certificates: Too small', 'certificates');
  expect(formErrorsOf(err, ['certificates.0', 'certificates.1']).fields).toEqual({
    'certificates.0': 'Too small',
  });
});

test('an error naming a field the form does not have, or none, is the form’s own message', () => {
  const other = new ConsoleApiError(409, 'steps_incomplete', 'steps 3, 5 are not done yet', 'graySteps');
  expect(formErrorsOf(other, ['domain'])).toEqual({ fields: {}, form: 'steps 3, 5 are not done yet' });
  expect(formErrorsOf(new Error('boom'), ['domain']).form).toBe('boom');
  expect(formErrorsOf(null, ['domain'])).toEqual({ fields: {}, form: undefined });
});

test('a 500 keeps its trace id in the message; a body that is not the API’s error says the status', () => {
  expect(
    errorFromResponse(500, {
      error: { code: 'internal_error', message: 'something went wrong', traceId: 't-1' },
    }).message,
  ).toBe('something went wrong (trace t-1)');
  const odd = errorFromResponse(502, '<html>bad gateway</html>');
  expect([odd.code, odd.message]).toEqual(['http_error', 'the service answered 502']);
});

test('only the field’s own prefix is removed', () => {
  expect(withoutFieldPrefix('seats: only 3 left', 'seats')).toBe('only 3 left');
  expect(withoutFieldPrefix('groupId: no such group', 'seats')).toBe('groupId: no such group');
});

test('a field’s old error disappears once its value changes; the other fields keep theirs', () => {
  const errors = { domain: 'Not a domain name', label: 'Too long' };
  let state: ChangedSinceErrors = { errorsKey: errorsKeyOf({}), changed: new Set<string>() };
  expect(visibleFieldErrors(errors, state)).toEqual(errors);
  state = noteFieldChanged(state, errors, 'domain');
  expect(visibleFieldErrors(errors, state)).toEqual({ label: 'Too long' });
  // A field without an error changing changes nothing.
  expect(visibleFieldErrors(errors, noteFieldChanged(state, errors, 'other'))).toEqual({ label: 'Too long' });
});

test('new errors after the next submit show again, even the same message on the same field', () => {
  const errors = { domain: 'Not a domain name' };
  const changed = noteFieldChanged({ errorsKey: errorsKeyOf({}), changed: new Set() }, errors, 'domain');
  expect(visibleFieldErrors(errors, changed)).toEqual({});
  // Other errors are shown whole.
  expect(visibleFieldErrors({ domain: 'Already added' }, changed)).toEqual({ domain: 'Already added' });
  // While the resubmit is pending the form has no errors: the state starts afresh, and the same
  // message coming back is shown again.
  const pending = followErrors(changed, {});
  expect(visibleFieldErrors(errors, followErrors(pending, errors))).toEqual(errors);
  expect(followErrors(changed, errors)).toBe(changed);
});
