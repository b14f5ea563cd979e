/**
 * `cs`'s output: JSON with sorted keys and 2-space indents, coloured for terminals, and a spinner
 * for a terminal's stderr while a job or a listing takes its time.
 */
import pc from 'picocolors';

// Always-on colours: the caller decides from the stream and environment it was given. (picocolors'
// default export decides once, at import, from process.stdout and process.env.)
const colours = pc.createColors(true);

export function sortedJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

// A JSON token: a string (a key when a colon follows), a number, or a literal.
const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;

/**
 * Whether to colour `stream`'s output, first rule that applies: the `--color`/`--no-color` flag;
 * `NO_COLOR` set and not empty (no-color.org): no; `FORCE_COLOR` set and not empty: yes, unless `0`
 * or `false` (force-color.org, as chalk and Node read it); else a terminal whose `TERM` is not `dumb`.
 */
export function wantsColour(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
  flag?: boolean,
): boolean {
  if (flag !== undefined) return flag;
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/** Keys blue, strings green, numbers yellow, literals magenta. */
export function colourJson(text: string): string {
  return text.replace(
    TOKEN,
    (match, string: string | undefined, colon: string | undefined, number, literal) => {
      if (string !== undefined)
        return colon === undefined ? colours.green(string) : `${colours.blue(string)}${colon}`;
      if (number !== undefined) return colours.yellow(match);
      return literal === undefined ? match : colours.magenta(match);
    },
  );
}

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
const SPINNER_INTERVAL_MS = 80;
// Back to the line's start and erase it: each frame replaces the last, and stop() leaves it empty.
const ERASE_LINE = '\r\u001b[2K';

export interface Spinner {
  /** Stops turning and erases the spinner's line (once; later calls do nothing). */
  stop(): void;
}

/**
 * Draws a turning frame and `text` on `stream` (a terminal) until `stop()`. Hand-made because
 * nanospinner decides whether to animate from whether the process's stdout is a terminal, not the
 * stream it draws on: with `cs … > out.json` it left a static `- command…` line on the terminal.
 */
export function startSpinner(stream: NodeJS.WritableStream, text: string): Spinner {
  let frame = 0;
  const draw = () => {
    stream.write(`${ERASE_LINE}${SPINNER_FRAMES[frame]} ${text}`);
    frame = (frame + 1) % SPINNER_FRAMES.length;
  };
  draw();
  let timer: NodeJS.Timeout | undefined = setInterval(draw, SPINNER_INTERVAL_MS);
  return {
    stop() {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      stream.write(ERASE_LINE);
    },
  };
}
