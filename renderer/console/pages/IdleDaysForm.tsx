// The account's idle threshold: after how many days without a check-in a
// device counts as idle (1–365; the service checks and names the field).
import { useState } from 'react';
import { useSetIdleDays } from '../api/usage.ts';
import { Alert, Button } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

export function IdleDaysForm({ idleDays }: { idleDays: number }) {
  const [draft, setDraft] = useState(String(idleDays));
  const save = useSetIdleDays();
  const errors = useFormErrors(save.error, ['idleDays']);
  const typed = draft.trim();
  return (
    <ServerForm
      className="inline-form"
      errors={errors.fields}
      onSubmit={() => save.mutate(/^\d+$/.test(typed) ? Number(typed) : typed)}
    >
      <TextInput
        name="idleDays"
        label="Idle after (days)"
        description="A device without a check-in for this many days counts as idle (1 to 365)."
        value={draft}
        onChange={setDraft}
      />
      <div className="actions">
        <Button type="submit" isDisabled={save.isPending}>
          Save
        </Button>
      </div>
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      {save.isSuccess && <Alert kind="success">Saved: idle after {save.data.idleDays} days.</Alert>}
    </ServerForm>
  );
}
