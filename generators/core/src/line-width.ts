/**
 * The width generated code is laid out to: the repository formatter's (biome.json's
 * `formatter.lineWidth`), so that what an editor opens reads like the hand-written code.
 */

/** biome.json's `formatter.lineWidth`. */
export const LINE_WIDTH = 110;

/** Whether `text` at `indent` levels of two spaces fits on one line. */
export function fits(text: string, indent: number): boolean {
  return indent * 2 + text.length <= LINE_WIDTH;
}
