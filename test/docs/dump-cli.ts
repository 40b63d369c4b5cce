// Loaded with `node --import` before a CLI's entry point: instead of running, the commander
// program prints its commands and options as JSON (the docs test reads both programs this way,
// two processes instead of one --help per command).
import { Command } from 'commander';

export interface CliShape {
  options: string[];
  valueOptions: string[];
  commands: Record<string, CliShape>;
}

function shape(command: Command): CliShape {
  const long = command.options.flatMap((o) => (o.long ? [o.long] : []));
  return {
    options: [...long, '--help'],
    valueOptions: command.options.flatMap((o) => (o.long && (o.required || o.optional) ? [o.long] : [])),
    commands: Object.fromEntries(command.commands.map((c) => [c.name(), shape(c)])),
  };
}

function dump(this: Command): never {
  process.stdout.write(JSON.stringify(shape(this)));
  process.exit(0);
}
Command.prototype.parse = dump;
Command.prototype.parseAsync = dump;
