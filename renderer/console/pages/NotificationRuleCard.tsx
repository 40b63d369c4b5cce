// One notification rule on the Notifications page: on/off, which console
// admins receive it and, for the refusal spike, its threshold and window.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type {
  NotificationRecipient,
  NotificationRule,
  NotificationRuleInput,
} from '../../../common/console-notifications.ts';
import { api } from '../api/client.ts';
import { Alert, Button, When } from '../components/bits.tsx';
import { TextInput, Tick } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

const what: Record<NotificationRule['kind'], string> = {
  certificate_expiring:
    'When an IdP signing certificate expires in 30, 7 or 1 days, and when it has expired. Each notice once.',
  seats_threshold: "When a license's seats in use reach 90 % and 100 %.",
  scim_silent: 'When the IdP has sent no SCIM request for 24 hours after it had been provisioning.',
  refusal_spike:
    'When one refusal code (e.g. SAML_EXPIRED) is refused many times in a short while. Once per spike: again only after it is over.',
  webhook_disabled: 'When a webhook endpoint is disabled after a day of failed deliveries.',
};

export function NotificationRuleCard({
  rule,
  admins,
  queryKey,
}: {
  rule: NotificationRule;
  admins: NotificationRecipient[];
  queryKey: readonly unknown[];
}) {
  const client = useQueryClient();
  const [enabled, setEnabled] = useState(rule.enabled);
  const [recipients, setRecipients] = useState(new Set(rule.recipients));
  const [threshold, setThreshold] = useState(String(rule.spike?.threshold ?? ''));
  const [windowMinutes, setWindowMinutes] = useState(String(rule.spike?.windowMinutes ?? ''));
  const save = useMutation({
    mutationFn: () => {
      const body: NotificationRuleInput = {
        enabled,
        recipients: [...recipients],
        ...(rule.spike && { spike: { threshold: Number(threshold), windowMinutes: Number(windowMinutes) } }),
      };
      return api.put(`/api/console/notifications/${rule.kind}`, body);
    },
    onSuccess: () => void client.invalidateQueries({ queryKey }),
  });
  const errors = useFormErrors(save.error, ['recipients', 'spike.threshold', 'spike.windowMinutes']);
  const headingId = `rule-${rule.kind}`;
  const toggle = (userId: string, on: boolean) => {
    save.reset();
    const next = new Set(recipients);
    if (on) next.add(userId);
    else next.delete(userId);
    setRecipients(next);
  };
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{rule.label}</h2>
      <p>{what[rule.kind]}</p>
      <ServerForm errors={errors.fields} onSubmit={() => save.mutate()}>
        <Tick
          label="On"
          isSelected={enabled}
          onChange={(v) => {
            save.reset();
            setEnabled(v);
          }}
        />
        <fieldset className="recipients">
          <legend>Email to</legend>
          {admins.length === 0 && <p>No console admin with an email yet.</p>}
          {admins.map((a) => (
            <Tick
              key={a.userId}
              label={a.name === a.email ? a.email : `${a.name} (${a.email})`}
              isSelected={recipients.has(a.userId)}
              onChange={(on) => toggle(a.userId, on)}
            />
          ))}
        </fieldset>
        {rule.spike && (
          <div className="inline-form">
            <TextInput
              name="spike.threshold"
              label="Refusals of one code"
              description="At least this many (2–10,000)…"
              value={threshold}
              onChange={(v) => {
                save.reset();
                setThreshold(v);
              }}
              isRequired
            />
            <TextInput
              name="spike.windowMinutes"
              label="Within minutes"
              description="…within this many minutes (1–1,440)."
              value={windowMinutes}
              onChange={(v) => {
                save.reset();
                setWindowMinutes(v);
              }}
              isRequired
            />
          </div>
        )}
        {errors.form && <Alert kind="error">{errors.form}</Alert>}
        {save.isSuccess && <Alert kind="success">Saved.</Alert>}
        <div className="actions">
          <Button type="submit" variant="primary" isDisabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </Button>
          {rule.updatedAt && (
            <span className="description">
              Last changed <When at={rule.updatedAt} />
            </span>
          )}
        </div>
      </ServerForm>
    </section>
  );
}
