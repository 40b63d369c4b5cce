// What `latchkey policy --json` prints: each policy key's value in force, where it came
// from, and each problem of the policy stores (ignored key by key).
import { policyKeys, policySources } from './desktop-policy.ts';

const entry = (value: object) => ({
  type: 'object',
  additionalProperties: false,
  required: ['value', 'source', 'where'],
  properties: {
    value,
    source: { enum: policySources },
    where: { type: ['string', 'null'], description: 'the file or registry key; null for a build default' },
  },
});
const nullableString = { type: ['string', 'null'] };

export const cliPolicySchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://latchkey.dev/schemas/cli-policy.json',
  title: 'latchkey policy --json',
  type: 'object',
  additionalProperties: false,
  required: ['values', 'problems', 'exitCode'],
  properties: {
    values: {
      type: 'object',
      additionalProperties: false,
      required: policyKeys,
      properties: {
        ServiceURL: entry(nullableString),
        EmailDomain: entry(nullableString),
        Email: entry(nullableString),
        ActivationMethods: entry({ enum: ['sso', 'key', 'both'] }),
        ActivateAtStart: entry({ type: 'boolean' }),
        AllowDeactivate: entry({ type: 'boolean' }),
        CheckInIntervalHours: entry({ type: ['integer', 'null'] }),
        ProxyPacURL: entry({ type: ['string', 'null'] }),
        AllowLocalListeners: entry({ type: 'boolean' }),
      },
    },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'source', 'where', 'problem'],
        properties: {
          key: nullableString,
          source: { enum: policySources },
          where: { type: 'string' },
          problem: { type: 'string' },
        },
      },
    },
    exitCode: { const: 0 },
  },
} as const;
