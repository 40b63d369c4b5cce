// Webhooks → Add endpoint: the URL, what it is for, and which event types it
// hears (all, or the ticked ones from common/event-types.ts).
import { useState } from 'react';
import type { WebhookSecretShown } from '../../../common/console-webhooks.ts';
import { eventTypes, type EventType } from '../../../common/event-types.ts';
import { useWebhookChange, webhookCalls } from '../api/webhooks.ts';
import { Alert, Button } from '../components/bits.tsx';
import { TextInput, Tick } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

// `webhook.test` is sent by the button only; no endpoint subscribes to it.
const choosable = (Object.keys(eventTypes) as EventType[]).filter((t) => t !== 'webhook.test');

export function AddWebhookForm({ onCreated }: { onCreated: (shown: WebhookSecretShown) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [all, setAll] = useState(true);
  const [chosen, setChosen] = useState<ReadonlySet<EventType>>(new Set());
  const create = useWebhookChange(webhookCalls.create, (shown) => {
    onCreated(shown);
    setUrl('');
    setDescription('');
  });
  const errors = useFormErrors(create.error, ['url', 'description', 'eventTypes']);
  const toggle = (t: EventType, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(t);
    else next.delete(t);
    setChosen(next);
  };
  return (
    <section className="card" aria-labelledby="add-webhook">
      <h2 id="add-webhook">Add endpoint</h2>
      <ServerForm
        errors={errors.fields}
        onSubmit={() => create.mutate({ url, description, eventTypes: all ? null : [...chosen] })}
      >
        <TextInput
          name="url"
          label="Endpoint URL"
          type="url"
          description="https:// address that accepts POST requests; addresses inside your network are refused."
          value={url}
          onChange={setUrl}
          isRequired
          autoComplete="off"
        />
        <TextInput name="description" label="Description" value={description} onChange={setDescription} />
        <fieldset className="event-types">
          <legend>Event types</legend>
          <Tick label="All event types, including ones added later" isSelected={all} onChange={setAll} />
          {!all && (
            <div className="tick-grid">
              {choosable.map((t) => (
                <Tick key={t} label={t} isSelected={chosen.has(t)} onChange={(on) => toggle(t, on)} />
              ))}
            </div>
          )}
        </fieldset>
        {errors.form && <Alert kind="error">{errors.form}</Alert>}
        <Button type="submit" variant="primary" isDisabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add endpoint'}
        </Button>
      </ServerForm>
    </section>
  );
}
