// A license's overage (issue 23 item 3): the seat sentence "27 of 25 seats
// (2 over, allowed to 30)" and the form that sets how far over the count the
// license may go (PUT /api/console/licenses/:id/overage).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { License, LicenseOverage, LicenseUsage } from '../api/types.ts';
import { Alert, Button } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { percentInput, seatsSentence } from '../lib/overage.ts';

export function LicenseOverageSection({
  license,
  usage,
}: {
  license: License;
  usage: LicenseUsage | undefined;
}) {
  const client = useQueryClient();
  const [percent, setPercent] = useState(String(license.overagePercent));
  const save = useMutation({
    mutationFn: () =>
      api.put<LicenseOverage>(`/api/console/licenses/${license.id}/overage`, {
        percent: percentInput(percent),
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.licenses });
      void client.invalidateQueries({ queryKey: keys.usage });
    },
  });
  const errors = useFormErrors(save.error, ['percent']);
  const sentence = seatsSentence({
    seats: license.seats,
    used: usage?.seatsUsed ?? 0,
    over: usage?.overSeats ?? 0,
    percent: license.overagePercent,
    ceiling: usage?.ceiling ?? license.seats,
  });
  return (
    <section aria-label={`Overage of ${license.key}`}>
      <h3>Over the count</h3>
      <p>{sentence}</p>
      <ServerForm errors={errors.fields} onSubmit={() => save.mutate()} className="inline-form">
        <TextInput
          name="percent"
          label="Overage (% over the seat count)"
          description="A whole number from 0 (off) to 100. Users above the count are flagged; at the ceiling the next one is refused."
          value={percent}
          onChange={setPercent}
        />
        {errors.form && <Alert kind="error">{errors.form}</Alert>}
        <Button type="submit" isDisabled={save.isPending}>
          Save overage
        </Button>
      </ServerForm>
      {save.isSuccess && (
        <Alert kind="success">Saved: up to {save.data.ceiling} users may hold a seat of this license.</Alert>
      )}
    </section>
  );
}
