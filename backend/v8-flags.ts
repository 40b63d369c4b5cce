// The V8 flags every service process runs with (docs/operations.md, "Memory"):
// `serve --workers N` forks its workers with them (serve-workers.ts), and the
// CLI's shebang passes them to a one-process `latchkey-server serve`.

/**
 * The young generation capped at 8 MiB per semi-space. Left to V8, it is sized
 * from the heap limit (from the machine's RAM): up to 64 MiB per semi-space,
 * and V8 grows it under a steady stream of short-lived request garbage, so the
 * main thread's new space moved between ~15 and 128 MiB resident from one
 * moment to the next while its live heap stayed ~50 MiB — the moving part of
 * the ACS's RSS (296 MiB after 1,000 validations, 416 after 10,000 in the issue
 * 27 quiet run). A request's objects die young and small, so an 8 MiB nursery
 * costs no measurable check-in CPU (figures in docs/operations.md).
 */
export const serviceV8Flags = ['--max-semi-space-size=8'] as const;

const flagName = (arg: string) => (arg.split('=')[0] ?? '').replaceAll('_', '-');

/**
 * `execArgv` with each of the service's flags added unless the operator gave
 * that flag already (on the command line or in NODE_OPTIONS): their value wins.
 */
export function withServiceV8Flags(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/)].map(flagName));
  return [...execArgv, ...serviceV8Flags.filter((f) => !given.has(flagName(f)))];
}

/** The service's flags this process was started without (a one-process `serve` warns about them). */
export function missingServiceV8Flags(): string[] {
  return withServiceV8Flags(process.execArgv, process.env.NODE_OPTIONS).slice(process.execArgv.length);
}
