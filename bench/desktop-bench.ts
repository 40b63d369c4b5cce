// The desktop core's costs, against the real service and dev IdP on loopback:
// a whole Continue-with-SSO activation (discovery, loopback, the simulated
// browser through interaction + SAML + entitlement, code exchange, activation,
// JWKS, offline verification, license file), a check-in through the engine
// (refresh grant + check-in + verification + file + credential), and the
// app's start (the stored license verified offline). The credential store is
// in memory here: `npm run bench` runs without a Secret Service session.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ActivationEngine } from '../main/core/activation/activation-engine.ts';
import { testDialects } from '../test/support/databases.ts';
import { memorySecretStore } from '../test/support/memory-secret-store.ts';
import { browse, startSsoWorld } from '../test/support/sso-world.ts';

const activations = Number(process.env.BENCH_DESKTOP_ACTIVATIONS ?? 20);
const checkIns = Number(process.env.BENCH_DESKTOP_CHECKINS ?? 100);
const starts = Number(process.env.BENCH_DESKTOP_STARTS ?? 300);

const percentile = (sorted: number[], p: number) =>
  Number((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(2));
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95) };
};

const sqlite = testDialects[0];
if (!sqlite) throw new Error('no sqlite');
const world = await startSsoWorld(sqlite);
const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-desktop-bench-'));
const secrets = memorySecretStore();
const engineFor = (deviceId: string, folder: string) =>
  new ActivationEngine({
    dataDir: folder,
    secrets,
    device: { deviceId, deviceName: 'bench', os: 'linux', appVersion: '0.1.0' },
    defaultServerUrl: world.service.baseUrl,
    trustAnchor: world.trustAnchor,
    openBrowser: async (url) => void (await browse(url, 'alice@acme.test')),
  });

try {
  const activationMs: number[] = [];
  for (let i = 0; i < activations; i++) {
    const folder = join(dataDir, `a${i}`);
    const engine = engineFor(randomUUID().replaceAll('-', ''), folder);
    const started = performance.now();
    await engine.startSso('alice@acme.test');
    activationMs.push(performance.now() - started);
    if (engine.getState().phase !== 'activated') throw new Error(JSON.stringify(engine.getState()));
    await engine.deactivate(); // stay under the device limit
  }

  const folder = join(dataDir, 'kept');
  const keptDevice = randomUUID().replaceAll('-', '');
  const engine = engineFor(keptDevice, folder);
  await engine.startSso('alice@acme.test');
  const checkInMs: number[] = [];
  for (let i = 0; i < checkIns; i++) {
    const started = performance.now();
    await engine.checkIn();
    checkInMs.push(performance.now() - started);
  }
  engine.close();

  const startMs: number[] = [];
  for (let i = 0; i < starts; i++) {
    const restarted = engineFor(keptDevice, folder);
    const started = performance.now();
    await restarted.start({ checkIn: false });
    startMs.push(performance.now() - started);
  }
  console.log(
    JSON.stringify(
      {
        bench: 'desktop',
        ssoActivation: summary(activationMs),
        checkInThroughEngine: summary(checkInMs),
        appStartOfflineVerify: summary(startMs),
      },
      null,
      2,
    ),
  );
} finally {
  await world.close();
  rmSync(dataDir, { recursive: true, force: true });
}
