/**
 * Every shape rule by operator (ai.onnx domain).
 */
import type { RuleTable } from '../rule.js';
import { controlRules } from './control.js';
import { convPoolRules } from './conv-pool.js';
import { elementwiseRules } from './elementwise.js';
import { generatorRules } from './generators.js';
import { indexingRules } from './indexing.js';
import { linearRules } from './linear.js';
import { normalizationRules } from './normalization.js';
import { recurrentRules } from './recurrent.js';
import { reduceRules } from './reduce.js';
import { reshapeRules } from './reshape.js';
import { resizeRules } from './resize.js';
import { signalRules } from './signal.js';

export const RULES: RuleTable = {
  ...elementwiseRules,
  ...convPoolRules,
  ...linearRules,
  ...reshapeRules,
  ...indexingRules,
  ...generatorRules,
  ...reduceRules,
  ...normalizationRules,
  ...resizeRules,
  ...recurrentRules,
  ...signalRules,
  ...controlRules,
};
