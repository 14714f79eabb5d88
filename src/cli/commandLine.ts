import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * What every Motlan CLI does first: parse the arguments, answer --help, and turn a bad argument
 * into a message with the help text and exit code 2.
 */
export function commandLine<O extends Options>(help: string, options: O, settings: { positionals?: boolean; args?: string[] } = {}) {
  const fail = (message: string): never => {
    console.error(`${message}\n\n${help}`);
    process.exit(2);
  };
  const config = {
    args: settings.args ?? process.argv.slice(2),
    options: { ...options, ...HELP_OPTION } as O & typeof HELP_OPTION,
    allowPositionals: settings.positionals ?? false,
    strict: true as const,
  };
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    return fail((error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(help);
    process.exit(0);
  }
  /** A whole-number option, or the fallback when absent. */
  const wholeNumber = (name: keyof O & string, fallback: number): number => {
    const value = (parsed.values as Record<string, unknown>)[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !/^\d+$/.test(value)) return fail(`--${name} must be a whole number, not "${String(value)}"`);
    return Number(value);
  };
  return { values: parsed.values, positionals: parsed.positionals, fail, wholeNumber };
}
