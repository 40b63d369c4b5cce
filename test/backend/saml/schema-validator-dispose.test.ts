// libxml2-wasm documents live in the wasm heap until disposed (no GC frees
// them): every parse path of the schema check must dispose its document, on
// success and on every refusal (issue 27 item 5). libxml2-wasm's own tracker
// counts the documents left undisposed. A guard: today's code passes it.
import { diag } from 'libxml2-wasm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SchemaError, checkWellFormed, validateSamlSchema } from '../../../backend/saml/schema-validator.ts';

const valid = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:Response>`;
const schemaInvalid = valid.replace(' Version="2.0"', '');
const malformed = valid.slice(0, -5);
const withDoctype = `<!DOCTYPE r [<!ENTITY a "b">]>${valid}`;

beforeAll(() => {
  validateSamlSchema(valid); // the schema compiles once, before tracking starts
  diag.configure({ enabled: true });
});
afterAll(() => diag.configure({ enabled: false }));

const undisposed = () =>
  Object.values((diag.report() ?? {}) as Record<string, { totalInstances: number }>).reduce(
    (n, c) => n + c.totalInstances,
    0,
  );

test('every document the SAML schema check parses is disposed, accepted or refused', () => {
  for (let i = 0; i < 20; i++) {
    validateSamlSchema(valid);
    checkWellFormed(valid);
    for (const bad of [schemaInvalid, malformed, withDoctype]) {
      expect(() => validateSamlSchema(bad)).toThrow(SchemaError);
      expect(() => checkWellFormed(bad === schemaInvalid ? malformed : bad)).toThrow(SchemaError);
    }
  }
  expect(undisposed()).toBe(0);
});
