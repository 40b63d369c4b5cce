// What the app says about the device it activates (the id is a hash of the machine id).
import { z } from 'zod';

export const deviceInput = z
  .object({
    deviceId: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, {
      message: 'must be the hashed device id (16–128 url-safe characters)',
    }),
    deviceName: z.string().trim().min(1).max(200),
    os: z.string().trim().min(1).max(100),
    appVersion: z.string().trim().min(1).max(50),
  })
  .strict();
export type DeviceInput = z.infer<typeof deviceInput>;
