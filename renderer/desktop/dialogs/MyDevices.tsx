// My devices (issue 26 item 1): after a fresh sign-in in the browser, the
// user's own activated devices (name, OS, app version, last check-in; this
// computer marked) with Release on each. Opened from Failed (device limit
// reached: after a release the activation retries by itself) or from Account &
// License. When the company turned self-service off, it says to ask IT.
import { useState } from 'react';
import type { DesktopApi, FailureView } from '../../../common/desktop-api.ts';
import type { MyDevice } from '../../../common/my-devices.ts';
import { Actions, DefaultButton, Dialog, PlainButton } from './Dialog.tsx';

type View =
  | { step: 'sign-in' }
  | { step: 'signing-in' }
  | { step: 'list'; devices: MyDevice[]; releasing?: string }
  | { step: 'refused'; failure: FailureView };

export function MyDevices(props: {
  api: DesktopApi;
  email: string;
  /** From Failed: a release retries the activation (the dialog then follows the app's state). */
  retryAfterRelease: boolean;
  onClose: () => void;
}) {
  const [view, setView] = useState<View>({ step: 'sign-in' });
  const signIn = async () => {
    setView({ step: 'signing-in' });
    const answer = await props.api.listMyDevices(props.email);
    setView(
      answer.ok ? { step: 'list', devices: answer.devices } : { step: 'refused', failure: answer.failure },
    );
  };
  const release = async (devices: MyDevice[], id: string) => {
    setView({ step: 'list', devices, releasing: id });
    const answer = await props.api.releaseMyDevice(id);
    if (!answer.ok) return setView({ step: 'refused', failure: answer.failure });
    setView({ step: 'list', devices: answer.devices });
    if (props.retryAfterRelease) await props.api.retryAfterRelease();
  };
  return (
    <Dialog title="My devices" name="my-devices" onEscape={props.onClose}>
      {view.step === 'sign-in' || view.step === 'signing-in' ? (
        <>
          <p>
            To see your devices, sign in again as <strong>{props.email}</strong> in your browser. This proves
            it is you before anything is released.
          </p>
          {view.step === 'signing-in' && (
            <p className="progress" role="status">
              <span className="spinner" aria-hidden="true" /> Waiting for the sign-in in your browser…
            </p>
          )}
          <Actions>
            <PlainButton onClick={props.onClose}>Cancel</PlainButton>
            <DefaultButton onClick={() => void signIn()} disabled={view.step === 'signing-in'}>
              Sign in again
            </DefaultButton>
          </Actions>
        </>
      ) : view.step === 'refused' ? (
        <>
          <p className="message" data-code={view.failure.code}>
            {view.failure.message}
          </p>
          <Actions>
            <DefaultButton onClick={props.onClose}>Close</DefaultButton>
          </Actions>
        </>
      ) : (
        <>
          <DeviceList view={view} onRelease={(id) => void release(view.devices, id)} />
          <Actions>
            <DefaultButton onClick={props.onClose}>Done</DefaultButton>
          </Actions>
        </>
      )}
    </Dialog>
  );
}

function DeviceList(props: { view: Extract<View, { step: 'list' }>; onRelease: (id: string) => void }) {
  const { devices, releasing } = props.view;
  if (devices.length === 0) return <p>You have no activated devices.</p>;
  return (
    <table className="devices">
      <caption>Your activated devices</caption>
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">System</th>
          <th scope="col">Last check-in</th>
          <th scope="col">
            <span className="visually-hidden">Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <tr key={d.id}>
            <th scope="row">
              {d.deviceName}
              {d.thisDevice && <span className="this-device"> (this computer)</span>}
            </th>
            <td>
              {d.os}, app {d.appVersion}
            </td>
            <td>
              <time dateTime={d.lastCheckInAt}>{new Date(d.lastCheckInAt).toLocaleString()}</time>
            </td>
            <td>
              {!d.thisDevice && (
                <button
                  type="button"
                  onClick={() => props.onRelease(d.id)}
                  disabled={releasing !== undefined}
                >
                  Release<span className="visually-hidden"> {d.deviceName}</span>
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
