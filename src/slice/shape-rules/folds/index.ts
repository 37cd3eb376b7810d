/**
 * Every fold by operator.
 */
import { arithmeticFolds } from './arithmetic.js';
import type { FoldTable } from './fold.js';
import { layoutFolds } from './layout.js';

export const FOLDS: FoldTable = { ...arithmeticFolds, ...layoutFolds };
