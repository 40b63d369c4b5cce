// The scripted browser reads forms by tag and field name (devtools/html-forms.ts), so a dev IdP
// page that is reworded, restyled or pre-selects the user (issue 20 items 3 and 10) still reads.
import { expect, test } from 'vitest';
import { formOf, formsOf } from '../../devtools/html-forms.ts';

test('a form reads by its fields in any attribute order and quoting; its controls are listed by name', () => {
  const page = `<!doctype html><title>Sign in to Example Corp</title>
<form class="card" action='/dev-idp/login?x=1&amp;y=2' method=POST>
  <input value="r-1" name="requestId" type="hidden">
  <input type='hidden' name='relayState' value='a &quot;b&quot;'>
  <input name="user" type="email" value="bob@acme.test" autocomplete="username">
  <select id="f" name="fault"><option value="none" selected>none</option></select>
  <button type="submit">Continue</button>
</form>
<form method="post" action="/elsewhere"><input type="hidden" name="other" value="no"></form>`;
  expect(formOf(page)).toEqual({
    action: '/dev-idp/login?x=1&y=2',
    fields: { requestId: 'r-1', relayState: 'a "b"' },
    names: ['requestId', 'relayState', 'user', 'fault'],
  });
});

test('the service auto-POST page and a page without a form', () => {
  expect(
    formOf(
      '<form method="post" action="https://sp.test/acs" id="f"><input type="hidden" name="SAMLResponse" value="PD94"><noscript><button type="submit">Continue</button></noscript></form>',
    ),
  ).toEqual({ action: 'https://sp.test/acs', fields: { SAMLResponse: 'PD94' }, names: ['SAMLResponse'] });
  expect(formOf('<p>nothing to post</p>')).toEqual({ action: '', fields: {}, names: [] });
});

test('every form of a page, so the sign-in form is found wherever the page puts it', () => {
  const page =
    '<form action="/dev-idp/switch"><input type="hidden" name="a" value="1"></form>' +
    '<form method="post" action="/dev-idp/login"><input type="hidden" name="requestId" value="r"><select name="user"></select></form>';
  expect(formsOf(page).map((f) => [f.action, f.names])).toEqual([
    ['/dev-idp/switch', ['a']],
    ['/dev-idp/login', ['requestId', 'user']],
  ]);
});
