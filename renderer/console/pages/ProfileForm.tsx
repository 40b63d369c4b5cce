// Business Profile → General: the company name (the workspace name the
// console shows everywhere) and the primary and billing contacts, saved
// together. The service checks every field and names each one at fault; the
// form shows each message under its input, and nothing is saved until all pass.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { BusinessProfile, BusinessProfileUpdate, ProfileContact } from '../../../common/console-api.ts';
import { api, ConsoleApiError } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import { Alert, Button } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { formErrorsOf, withoutFieldPrefix, type FormErrors } from '../lib/field-errors.ts';

type Slot = 'primary' | 'billing';
type ContactDraft = { name: string; email: string; phone: string };

const draftOf = (c: ProfileContact | null): ContactDraft => ({
  name: c?.name ?? '',
  email: c?.email ?? '',
  phone: c?.phone ?? '',
});

/** A contact left wholly empty is no contact; a half-filled one goes to the service to be named at fault. */
const contactOf = (d: ContactDraft): ProfileContact | null =>
  d.name.trim() === '' && d.email.trim() === '' && d.phone.trim() === ''
    ? null
    : { name: d.name, email: d.email, phone: d.phone.trim() === '' ? null : d.phone };

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Every field the service named (`details.fields`), each under its input; else the usual one field. */
function profileErrors(error: unknown, names: readonly string[]): FormErrors {
  const fields =
    error instanceof ConsoleApiError
      ? (error.details as { fields?: unknown } | undefined)?.fields
      : undefined;
  if (!fields || typeof fields !== 'object') return formErrorsOf(error, names);
  const shown: Record<string, string> = {};
  const others: string[] = [];
  for (const [field, message] of Object.entries(fields as Record<string, unknown>)) {
    const text = capitalized(withoutFieldPrefix(String(message), field));
    if (names.includes(field)) shown[field] = text;
    else others.push(`${field}: ${text}`);
  }
  return { fields: shown, form: others.length ? others.join('; ') : undefined };
}

const slots: { slot: Slot; title: string; hint: string }[] = [
  {
    slot: 'primary',
    title: 'Primary contact',
    hint: 'The person we contact about this business account and its IdP integration (usually IT).',
  },
  { slot: 'billing', title: 'Billing contact', hint: 'Who receives invoices and renewal notices.' },
];

const fieldNames = slots.flatMap(({ slot }) =>
  ['name', 'email', 'phone'].map((f) => `contacts.${slot}.${f}`),
);

type Contacts = Record<Slot, ContactDraft>;

const draftsOf = (p: BusinessProfile): Contacts => ({
  primary: draftOf(p.contacts.primary),
  billing: draftOf(p.contacts.billing),
});

/** The form's state: the company name and both contact drafts, saved together. */
function useProfileDraft(profile: BusinessProfile) {
  const client = useQueryClient();
  const [name, setName] = useState(profile.name);
  const [contacts, setContacts] = useState<Contacts>(draftsOf(profile));
  const save = useMutation({
    mutationFn: (update: BusinessProfileUpdate) => api.put<BusinessProfile>('/api/console/profile', update),
    onSuccess: (saved) => {
      client.setQueryData(keys.profile, saved);
      setName(saved.name);
      setContacts(draftsOf(saved));
      // The workspace name in the header comes from /me.
      void client.invalidateQueries({ queryKey: keys.me });
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
  const editName = (v: string) => {
    save.reset();
    setName(v);
  };
  const edit = (slot: Slot, field: keyof ContactDraft) => (value: string) => {
    save.reset();
    setContacts((c) => ({ ...c, [slot]: { ...c[slot], [field]: value } }));
  };
  const submit = () =>
    save.mutate({
      name,
      contacts: { primary: contactOf(contacts.primary), billing: contactOf(contacts.billing) },
    });
  return { name, editName, contacts, edit, submit, save };
}

type Edit = (slot: Slot, field: keyof ContactDraft) => (value: string) => void;

function CompanySection({ name, onChange }: { name: string; onChange: (v: string) => void }) {
  return (
    <section className="card" aria-labelledby="profile-company">
      <h2 id="profile-company">Company</h2>
      <TextInput
        name="name"
        label="Company name"
        description="Your business account's name: shown at the top of every console page and in the audit log."
        value={name}
        onChange={onChange}
        isRequired
        autoComplete="organization"
      />
    </section>
  );
}

function ContactFieldset(props: (typeof slots)[number] & { draft: ContactDraft; edit: Edit }) {
  const { slot, title, hint, draft, edit } = props;
  return (
    <fieldset className="contact">
      <legend>{title}</legend>
      <p className="description">{hint} Leave all three empty for none.</p>
      <TextInput
        name={`contacts.${slot}.name`}
        label={`${title} name`}
        value={draft.name}
        onChange={edit(slot, 'name')}
        autoComplete="name"
      />
      <TextInput
        name={`contacts.${slot}.email`}
        label={`${title} email`}
        type="email"
        value={draft.email}
        onChange={edit(slot, 'email')}
        autoComplete="email"
      />
      <TextInput
        name={`contacts.${slot}.phone`}
        label={`${title} phone (optional)`}
        value={draft.phone}
        onChange={edit(slot, 'phone')}
        autoComplete="tel"
      />
    </fieldset>
  );
}

function ContactsSection({ contacts, edit }: { contacts: Contacts; edit: Edit }) {
  return (
    <section className="card" aria-labelledby="profile-contacts">
      <h2 id="profile-contacts">Contacts</h2>
      {slots.map((s) => (
        <ContactFieldset key={s.slot} {...s} draft={contacts[s.slot]} edit={edit} />
      ))}
    </section>
  );
}

function SaveActions({ isPending, isSuccess }: { isPending: boolean; isSuccess: boolean }) {
  return (
    <div className="actions">
      <Button type="submit" variant="primary" isDisabled={isPending}>
        {isPending ? 'Saving…' : 'Save profile'}
      </Button>
      <span role="status">{isSuccess ? 'Saved.' : ''}</span>
    </div>
  );
}

export function ProfileForm({ profile }: { profile: BusinessProfile }) {
  const { name, editName, contacts, edit, submit, save } = useProfileDraft(profile);
  const errors = profileErrors(save.error, ['name', ...fieldNames]);
  return (
    <ServerForm errors={errors.fields} onSubmit={submit}>
      <CompanySection name={name} onChange={editName} />
      <ContactsSection contacts={contacts} edit={edit} />
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      <SaveActions isPending={save.isPending} isSuccess={save.isSuccess} />
    </ServerForm>
  );
}
