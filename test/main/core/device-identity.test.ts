// The device id: stable, never the raw machine id, and read from what each OS
// really prints (samples of ioreg and reg output; those tools exist only there).
import { expect, test } from 'vitest';
import { deviceIdFrom, ioregPlatformUuid, regMachineGuid } from '../../../main/core/device-identity.ts';

const ioregSample = `+-o MacBookPro18,3  <class IOPlatformExpertDevice, id 0x100000112, registered, matched, active, busy 0 (0 ms), retain 38>
    {
      "IOPlatformSerialNumber" = "C02XXXXXXXXX"
      "IOPlatformUUID" = "3F2504E0-4F89-11D3-9A0C-0305E82C3301"
      "model" = <"MacBookPro18,3">
    }`;

const regSample = `
HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography
    MachineGuid    REG_SZ    6f1c2a34-8b7d-4e21-9a55-0c3b2d1e4f60
`;

test('macOS ioreg and Windows reg output give the machine ids; output without one is refused', () => {
  expect(ioregPlatformUuid(ioregSample)).toBe('3F2504E0-4F89-11D3-9A0C-0305E82C3301');
  expect(regMachineGuid(regSample)).toBe('6f1c2a34-8b7d-4e21-9a55-0c3b2d1e4f60');
  expect(() => ioregPlatformUuid('"IOPlatformSerialNumber" = "C02"')).toThrow(/IOPlatformUUID/);
  expect(() => regMachineGuid('ERROR: The system was unable to find the specified registry key')).toThrow(
    /MachineGuid/,
  );
});

test('the device id is a stable 43-character hash that does not contain the machine id', async () => {
  const machineId = '4c4c4544-0042-3510-8051-b4c04f4e3332';
  const source = async () => `${machineId}\n`;
  const first = await deviceIdFrom(source);
  expect(await deviceIdFrom(source)).toBe(first);
  expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(first).not.toContain(machineId);
  expect(await deviceIdFrom(async () => 'another machine')).not.toBe(first);
  await expect(deviceIdFrom(async () => '  ')).rejects.toThrow(/empty/);
});
