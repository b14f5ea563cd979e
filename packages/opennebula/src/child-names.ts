/**
 * The child names of a template, predicted from the last template of the same name at the same
 * depth: OpenNebula writes a template's attributes sorted, so its templates of one name mostly
 * have the same children in the same order. It spares the decoder two costs per attribute:
 *
 * - the parser's names are fresh strings, and V8 looks a fresh string up in its string table
 *   when it is used as a property key; a predicted name is a string V8 already has as a key;
 * - whether a name is new in its template needs a property lookup, unless the prediction says.
 *
 * Children are given in order from 0. A child that does not match replaces the rest of the
 * prediction, so the names up to the current child are always the current template's own, and
 * whether one of them repeats an earlier one is known for it.
 */
import { localNameOf } from '@overcast/runtime/xml';

export class ChildNames {
  /** The current template's child names so far, then the rest of the last template's. */
  readonly #names: string[] = [];
  /** Whether `#names[i]` is also among `#names[0 … i-1]`. */
  readonly #repeats: boolean[] = [];

  /** The property key for child `index`, named `name` as the parser gives it (maybe prefixed). */
  keyAt(index: number, name: string): string {
    const predicted = this.#names[index];
    if (predicted === name) return predicted;
    const key = localNameOf(name);
    this.#names.length = index;
    this.#repeats.length = index;
    this.#repeats.push(this.#names.includes(key));
    this.#names.push(key);
    return key;
  }

  /** Whether child `index`, once keyed, has the name of an earlier child of its template. */
  repeatsAt(index: number): boolean {
    return this.#repeats[index] === true;
  }
}
