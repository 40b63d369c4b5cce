// Idle devices: live activations with no check-in for the account's idle
// window (Usage → Idle after (days), 30 by default).
import type { Dashboard } from '../../../../common/console-dashboard.ts';

export function IdleDevicesCard({ idle }: { idle: Dashboard['idle'] }) {
  return (
    <section className="card dashboard-card" aria-labelledby="dash-idle">
      <h2 id="dash-idle">Idle devices</h2>
      <p className="dashboard-figure">
        {idle.devices} of {idle.liveDevices} {idle.liveDevices === 1 ? 'device' : 'devices'}
      </p>
      <p>No check-in for {idle.days} days or more: their seats may be free to reclaim.</p>
    </section>
  );
}
