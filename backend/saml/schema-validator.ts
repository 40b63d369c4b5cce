// SAML 2.0 protocol schema validation that works offline: the OASIS XSDs
// (files in ./schemas, with their notice) are compiled once by libxml2-wasm and
// reused for every response. Compiling costs ~tens of ms; validating one
// response well under 1. libxml2 is also the first parser an IdP's XML meets:
// it refuses a DOCTYPE, and bounds nesting depth (256 without XML_PARSE_HUGE).
import { readFileSync } from 'node:fs';
import { ParseOption, XmlDocument, XsdValidator, xmlRegisterInputProvider } from 'libxml2-wasm';

const schemaDir = new URL('./schemas/', import.meta.url);
const files: Record<string, string> = Object.fromEntries(
  [
    'saml-schema-protocol-2.0.xsd',
    'saml-schema-assertion-2.0.xsd',
    'xmldsig-core-schema.xsd',
    'xenc-schema.xsd',
    'XMLSchema.dtd',
    'datatypes.dtd',
  ].map((name) => [name, readFileSync(new URL(name, schemaDir), 'utf8')]),
);

// Serves the schema files to libxml2 from memory; nothing is read from disk or network.
const open = new Map<number, { data: Uint8Array; offset: number }>();
let nextFd = 1;
const baseName = (f: string) => f.split('/').pop() ?? f;
xmlRegisterInputProvider({
  match: (filename) => Object.hasOwn(files, baseName(filename)),
  open: (filename) => {
    const fd = nextFd++;
    open.set(fd, { data: new TextEncoder().encode(files[baseName(filename)] ?? ''), offset: 0 });
    return fd;
  },
  read: (fd, buf) => {
    const file = open.get(fd as unknown as number);
    if (!file) return -1;
    const chunk = file.data.subarray(file.offset, file.offset + buf.byteLength);
    buf.set(chunk);
    file.offset += chunk.byteLength;
    return chunk.byteLength;
  },
  close: (fd) => open.delete(fd as unknown as number),
});

let validator: XsdValidator | undefined;

function compiled(): XsdValidator {
  if (!validator) {
    const xsd = XmlDocument.fromString(files['saml-schema-protocol-2.0.xsd'] ?? '', {
      url: 'saml-schema-protocol-2.0.xsd',
      option: ParseOption.XML_PARSE_NONET,
    });
    validator = XsdValidator.fromDoc(xsd);
    xsd.dispose();
  }
  return validator;
}

export class SchemaError extends Error {
  override name = 'SchemaError';
}

function parseBounded(xml: string): XmlDocument {
  if (/<!DOCTYPE/i.test(xml)) throw new SchemaError('a DOCTYPE is not allowed in a SAML message');
  try {
    return XmlDocument.fromString(xml, { option: ParseOption.XML_PARSE_NONET });
  } catch (err) {
    throw new SchemaError(`not well-formed XML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Throws SchemaError unless `xml` is well-formed (within libxml2's depth limit) and has no DTD. */
export function checkWellFormed(xml: string): void {
  parseBounded(xml).dispose();
}

/** Throws SchemaError unless `xml` is a well-formed, schema-valid SAML protocol message without a DTD. */
export function validateSamlSchema(xml: string): void {
  const doc = parseBounded(xml);
  try {
    compiled().validate(doc);
  } catch (err) {
    throw new SchemaError(`not valid against the SAML 2.0 schema: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    doc.dispose();
  }
}

/** The shape samlify's setSchemaValidator expects. */
export const samlifySchemaValidator = {
  validate: async (xml: string): Promise<string> => {
    validateSamlSchema(xml);
    return 'SUCCESS_VALIDATE_XML';
  },
};
