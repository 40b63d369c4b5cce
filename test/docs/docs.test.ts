// The README is the front door and docs/ the manual: the README stays short, every relative
// link in them resolves (file and heading), and every `latchkey …` / `latchkey-server …` command
// they show is one the CLIs have, with options they accept (read from their commander programs).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import type { CliShape } from './dump-cli.ts';
import {
  brokenLinks,
  documentedCommands,
  type DocumentedCommand,
  type Program,
  type ValueOptions,
} from './markdown-checks.ts';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const entry: Record<Program, string> = {
  latchkey: join(root, 'main/cli/latchkey.ts'),
  'latchkey-server': join(root, 'backend/cli/main.ts'),
};

const markdownFiles = () => [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(root, 'docs', f)),
];

/** A program's commands and options, read from its commander program (test/docs/dump-cli.ts). */
const shapes = new Map<Program, Promise<CliShape>>();
function shapeOf(program: Program): Promise<CliShape> {
  let answer = shapes.get(program);
  if (!answer) {
    answer = run(process.execPath, ['--import', join(import.meta.dirname, 'dump-cli.ts'), entry[program]], {
      cwd: root,
    }).then(({ stdout }) => JSON.parse(stdout) as CliShape);
    shapes.set(program, answer);
  }
  return answer;
}

/** Every way `commands` differ from what the programs have. */
async function unknownCommands(commands: DocumentedCommand[]): Promise<string[]> {
  const problems: string[] = [];
  for (const c of commands) {
    const top = await shapeOf(c.program);
    for (const option of c.globalOptions)
      if (!top.options.includes(option)) problems.push(`${c.line} — ${c.program} has no option ${option}`);
    const own = top.commands[c.command];
    if (!own) {
      problems.push(`${c.line} — ${c.program} has no command "${c.command}"`);
      continue;
    }
    for (const option of c.options)
      if (!own.options.includes(option))
        problems.push(`${c.line} — ${c.program} ${c.command} has no option ${option}`);
  }
  return problems;
}

async function valueOptions(): Promise<ValueOptions> {
  return {
    latchkey: new Set((await shapeOf('latchkey')).valueOptions),
    'latchkey-server': new Set((await shapeOf('latchkey-server')).valueOptions),
  };
}

describe('README.md and docs/', () => {
  test('the README is a front door: at most 250 lines, and it links every document in docs/', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
    const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'));
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect(readme).toContain(`](docs/${doc}`);
  });

  test('every relative link in README.md and docs/*.md resolves to a file and, with #, a heading', () => {
    expect(markdownFiles().flatMap((f) => brokenLinks(f, root))).toEqual([]);
  });

  test('every documented latchkey / latchkey-server command exists, with the options it shows', async () => {
    const options = await valueOptions();
    const commands = markdownFiles().flatMap((f) => documentedCommands(readFileSync(f, 'utf8'), options));
    // The documents do show commands of both programs (the parser found them).
    expect(new Set(commands.map((c) => c.program))).toEqual(new Set(['latchkey', 'latchkey-server']));
    expect(await unknownCommands(commands)).toEqual([]);
  });
});

describe('the checks themselves find what they guard against', () => {
  test('a broken file link and a missing heading are reported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-docs-'));
    try {
      writeFileSync(join(dir, 'a.md'), '# A\n\n## Real heading\n');
      writeFileSync(
        join(dir, 'b.md'),
        '[ok](a.md#real-heading) [gone](missing.md) [bad](a.md#no-such) `[code](x.md)` [web](https://x.test)\n',
      );
      expect(brokenLinks(join(dir, 'b.md'), dir)).toEqual([
        'b.md: (missing.md) — no such file',
        'b.md: (a.md#no-such) — no heading #no-such in a.md',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unknown command or option in a shell block is reported; other blocks are not read', async () => {
    const markdown = [
      '```sh',
      'latchkey-server frobnicate --account 1          # no such command',
      'LATCHKEY_X=1 node backend/cli/main.ts --json why --email a@b.test --colour red',
      'source data/demo.env; latchkey --server http://x doctor',
      '```',
      '```text',
      'latchkey-server also-not-a-command',
      '```',
    ].join('\n');
    const commands = documentedCommands(markdown, await valueOptions());
    expect(commands.map((c) => `${c.program} ${c.command}`)).toEqual([
      'latchkey-server frobnicate',
      'latchkey-server why',
      'latchkey doctor',
    ]);
    expect((await unknownCommands(commands)).map((p) => p.split(' — ')[1])).toEqual([
      'latchkey-server has no command "frobnicate"',
      'latchkey-server why has no option --colour',
    ]);
  });
});
