// Failed: the plain message, what to tell IT, and a diagnostic report to paste
// into the ticket (codes, times, server, app version — no secrets).
import { useState } from 'react';
import type { FailureView } from '../../../common/desktop-api.ts';
import { Actions, DefaultButton, Dialog, PlainButton } from './Dialog.tsx';
import { copyText } from './copy-text.ts';

export function Failed(props: {
  failure: FailureView;
  diagnosticReport: () => Promise<string>;
  onRetry: () => void;
  onClose: () => void;
  /** DEVICE_LIMIT_REACHED: open My devices to release one (issue 26 item 1). */
  onReleaseDevice?: () => void;
}) {
  const f = props.failure;
  const [copy, setCopy] = useState<{ status: 'no' | 'yes' | 'refused'; report: string }>({
    status: 'no',
    report: '',
  });
  const copyReport = async () => {
    const report = await props.diagnosticReport();
    setCopy({ status: (await copyText(report)) ? 'yes' : 'refused', report });
  };
  return (
    <Dialog title="Activation failed" name="failed" onEscape={props.onClose}>
      <p className="message" data-code={f.code}>
        {f.message}
      </p>
      <section aria-labelledby="ask-it" className="ask-it">
        <h2 id="ask-it">What to tell your IT team</h2>
        <p>{f.askIt}</p>
        <p className="codes">
          Error code <code>{f.code}</code>
          {f.reference && (
            <>
              {' '}
              · Reference <code>{f.reference}</code>
            </>
          )}
        </p>
      </section>
      <Actions
        extra={
          <>
            <PlainButton onClick={() => void copyReport()}>Copy diagnostic report</PlainButton>
            {props.onReleaseDevice && (
              <PlainButton onClick={props.onReleaseDevice}>Release one of my devices…</PlainButton>
            )}
          </>
        }
      >
        <PlainButton onClick={props.onClose}>Close</PlainButton>
        <DefaultButton onClick={props.onRetry}>Try again</DefaultButton>
      </Actions>
      <p className="note" role="status">
        {copy.status === 'yes' && 'Diagnostic report copied. Paste it into your message to IT.'}
      </p>
      {copy.status === 'refused' && (
        <label className="manual-copy">
          Copy this report by hand:
          <textarea readOnly value={copy.report} rows={8} />
        </label>
      )}
    </Dialog>
  );
}
