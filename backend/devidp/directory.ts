// A small user directory for the dev IdP and the SCIM push simulator, read
// from a JSON file and validated.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const directorySchema = z
  .object({
    users: z.array(
      z
        .object({
          userName: z.string().min(1),
          externalId: z.string().min(1),
          givenName: z.string().optional(),
          familyName: z.string().optional(),
          email: z.email().optional(),
          active: z.boolean().default(true),
        })
        .strict(),
    ),
    groups: z.array(
      z
        .object({
          displayName: z.string().min(1),
          externalId: z.string().min(1),
          members: z.array(z.string()),
        })
        .strict(),
    ),
  })
  .strict();

export type Directory = z.infer<typeof directorySchema>;
export type DirectoryUser = Directory['users'][number];

export function readDirectory(file: string): Directory {
  return directorySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** A synthetic directory of `users` users spread over `groups` groups (benchmarks, load). */
export function syntheticDirectory(users: number, groups: number, domain = 'load.example'): Directory {
  const list = Array.from({ length: users }, (_, i) => ({
    userName: `user${i}@${domain}`,
    externalId: `ext-${i}`,
    givenName: `Given${i}`,
    familyName: `Family${i % 97}`,
    email: `user${i}@${domain}`,
    active: true,
  }));
  return {
    users: list,
    groups: Array.from({ length: groups }, (_, g) => ({
      displayName: `Group ${g}`,
      externalId: `grp-${g}`,
      members: list.filter((_, i) => i % groups === g).map((u) => u.userName),
    })),
  };
}
