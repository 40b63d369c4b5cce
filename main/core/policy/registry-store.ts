// Windows Group Policy: the policy keys are values of HKLM\SOFTWARE\Policies\Latchkey
// (the machine's) and HKCU\SOFTWARE\Policies\Latchkey (the user's), written by the
// ADMX template or a .reg file. The app reads them with `reg query` (part of Windows);
// tests and docs use .reg exports. Both are parsed by one grammar
// (registry-grammar.peggy), never by ad-hoc patterns.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parse, type RegistrySection, type RegistryValue } from './registry-parser.generated.js';

export const policyKeyPath = 'SOFTWARE\\Policies\\Latchkey';
export const registryHives = { machine: 'HKEY_LOCAL_MACHINE', user: 'HKEY_CURRENT_USER' } as const;

const run = promisify(execFile);

/** A .reg export's text: regedit writes UTF-16LE with a byte order mark, REGEDIT4 plain bytes. */
export function decodeRegFile(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8');
}

/** The values a .reg export sets under `hive\SOFTWARE\Policies\Latchkey` (later sections win). */
export function parseRegFile(text: string, hive: string): Map<string, unknown> {
  return valuesUnder(parseWith(text, 'RegFile'), `${hive}\\${policyKeyPath}`);
}

/** The values `reg query <hive>\SOFTWARE\Policies\Latchkey` printed. */
export function parseRegQuery(text: string, hive: string): Map<string, unknown> {
  return valuesUnder(parseWith(text, 'RegQuery'), `${hive}\\${policyKeyPath}`);
}

/** Runs `reg query`; null when the key does not exist (reg exits 1 then). */
export async function queryRegistry(hive: string): Promise<Map<string, unknown> | null> {
  try {
    const { stdout } = await run('reg', ['query', `${hive}\\${policyKeyPath}`], { windowsHide: true });
    return parseRegQuery(stdout, hive);
  } catch (err) {
    if ((err as { code?: unknown }).code === 1) return null;
    throw err;
  }
}

function parseWith(text: string, startRule: 'RegFile' | 'RegQuery'): RegistrySection[] {
  try {
    return parse(text, { startRule });
  } catch (err) {
    const at = (err as { location?: { start: { line: number } } }).location?.start.line;
    throw new Error(
      `not a readable registry ${startRule === 'RegFile' ? 'export' : 'listing'}${at ? ` (line ${at})` : ''}`,
      {
        cause: err,
      },
    );
  }
}

function valuesUnder(sections: RegistrySection[], key: string): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const section of sections) {
    if (section.path.toLowerCase() !== key.toLowerCase()) continue;
    if (section.deleted) values.clear();
    for (const v of section.values) {
      if (v.kind === 'delete') values.delete(v.name);
      else values.set(v.name, valueOf(v));
    }
  }
  return values;
}

/** Strings and DWORDs are what Group Policy writes; other types are kept as a description that fails validation. */
function valueOf(v: RegistryValue): unknown {
  if (v.kind === 'sz' || v.kind === 'dword') return v.value;
  return { unsupported: `REG_${v.kind.toUpperCase()}` };
}
