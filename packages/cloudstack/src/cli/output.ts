/** `cs`'s output: JSON with sorted keys and 2-space indents, coloured for terminals. */
import pc from 'picocolors';

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

/** Keys blue, strings green, numbers yellow, literals magenta. */
export function colourJson(text: string): string {
  return text.replace(
    TOKEN,
    (match, string: string | undefined, colon: string | undefined, number, literal) => {
      if (string !== undefined) return colon === undefined ? pc.green(string) : `${pc.blue(string)}${colon}`;
      if (number !== undefined) return pc.yellow(match);
      return literal === undefined ? match : pc.magenta(match);
    },
  );
}
