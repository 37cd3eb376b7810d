/**
 * Every fold by operator, and which inputs' values each needs (all given
 * inputs unless listed here).
 */
import { arithmeticFolds } from './arithmetic.js';
import type { FoldTable } from './fold.js';
import { layoutFolds } from './layout.js';

export const FOLDS: FoldTable = { ...arithmeticFolds, ...layoutFolds };

/** Folds that read fewer inputs' values than the node has: Shape and Size read only the shape. */
const VALUE_INPUTS: Readonly<Record<string, readonly number[]>> = {
  Shape: [],
  Size: [],
  CastLike: [0],
};

export function valueInputs(opType: string, inputs: readonly string[]): number[] {
  const listed = VALUE_INPUTS[opType];
  if (listed) return [...listed];
  return inputs.flatMap((name, i) => (name === '' ? [] : [i]));
}
