// What the docs test reads out of Markdown: relative links (with their #anchors) and the
// `latchkey …` / `latchkey-server …` command lines of shell code blocks. Plain functions, so
// the test can show each check failing on a made-up document.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of outsideCodeBlocks(markdown)) {
    const m = /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = (m[1] ?? '')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function outsideCodeBlocks(markdown: string): string[] {
  const lines: string[] = [];
  let inBlock = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) inBlock = !inBlock;
    else if (!inBlock) lines.push(line);
  }
  return lines;
}

/** Every relative link of `file` that does not resolve: a missing file, or a missing heading. */
export function brokenLinks(file: string, repoRoot: string): string[] {
  const markdown = readFileSync(file, 'utf8');
  const broken: string[] = [];
  for (const line of outsideCodeBlocks(markdown)) {
    // Inline code is text, not a link.
    const text = line.replace(/`[^`]*`/g, '');
    for (const m of text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
      const target = m[1] ?? '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      const [path, anchor] = target.split('#', 2) as [string, string | undefined];
      const resolved = path === '' ? file : join(dirname(file), path);
      const where = `${relative(repoRoot, file)}: (${target})`;
      if (!existsSync(resolved)) broken.push(`${where} — no such file`);
      else if (anchor !== undefined && resolved.endsWith('.md')) {
        if (!headingAnchors(readFileSync(resolved, 'utf8')).has(anchor))
          broken.push(`${where} — no heading #${anchor} in ${relative(repoRoot, resolved)}`);
      }
    }
  }
  return broken;
}

export type Program = 'latchkey' | 'latchkey-server';

/** A documented command line: the program, its command and the options given after it. */
export interface DocumentedCommand {
  program: Program;
  globalOptions: string[];
  command: string;
  options: string[];
  line: string;
}

const programEntry: Record<string, Program> = {
  latchkey: 'latchkey',
  'latchkey-server': 'latchkey-server',
  'main/cli/latchkey.ts': 'latchkey',
  'backend/cli/main.ts': 'latchkey-server',
};

/** Options of a program's own (global) option list that take a value, e.g. `--server <url>`. */
export type ValueOptions = Record<Program, Set<string>>;

/**
 * The command lines of shell code blocks (```sh, ```bash, ```shell or unlabelled) that run
 * `latchkey`, `latchkey-server` or their `node …ts` entry points. `[--opt x]` counts as given.
 */
export function documentedCommands(markdown: string, valueOptions: ValueOptions): DocumentedCommand[] {
  const found: DocumentedCommand[] = [];
  let block: 'shell' | 'other' | undefined;
  for (const raw of markdown.split('\n')) {
    const fence = /^\s*```(\S*)/.exec(raw);
    if (fence) {
      block = block
        ? undefined
        : ['', 'sh', 'bash', 'shell', 'console'].includes(fence[1] ?? '')
          ? 'shell'
          : 'other';
      continue;
    }
    if (block !== 'shell') continue;
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    for (const segment of line.split(/;|&&|\|\||\|/)) {
      const words = segment
        .trim()
        .replace(/^\$\s+/, '')
        .split(/\s+/)
        .map((w) => w.replace(/^\[+|\]+$/g, ''))
        .filter(Boolean);
      while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? '')) words.shift();
      if (words[0] === 'node') words.shift();
      const program = words[0] === undefined ? undefined : programEntry[words[0]];
      if (!program) continue;
      const globalOptions: string[] = [];
      let i = 1;
      for (let word = words[i]; word?.startsWith('-'); word = words[i]) {
        const [option = word, value] = word.split('=');
        globalOptions.push(option);
        i += valueOptions[program].has(option) && value === undefined ? 2 : 1;
      }
      const command = words[i];
      // `latchkey [--json] <command>`: a synopsis, not a command.
      if (command === undefined || command.startsWith('<')) continue;
      const options = words
        .slice(i + 1)
        .filter((w) => w.startsWith('--'))
        .map((w) => w.split('=')[0] ?? w);
      found.push({ program, globalOptions, command, options, line: raw.trim() });
    }
  }
  return found;
}
