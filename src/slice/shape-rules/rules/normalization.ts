/**
 * Normalisations with outputs beyond the normalised tensor: BatchNormalization
 * (running or saved statistics in training mode) and LayerNormalization
 * (Mean and InvStdDev). The others keep their input's shape (elementwise.ts).
 */
import type { Rule, RuleTable } from '../rule.js';

const batchNormalization: Rule = (n) => {
  const x = n.type(0);
  // Statistics, where asked for, are per channel with the mean input's type.
  const stats =
    n.outputCount > 1
      ? { dtype: n.dtype(3), shape: [x.shape[1] ?? n.miss('has a scalar input')] }
      : undefined;
  return [x, stats, stats, stats, stats];
};

const layerNormalization: Rule = (n) => {
  const x = n.shape(0);
  const axis = n.axis(n.int('axis', -1), x.length);
  const stats = { dtype: n.dtypeAttr('stash_type', 'float32'), shape: x.map((d, i) => (i < axis ? d : 1)) };
  return [n.type(0), stats, stats];
};

export const normalizationRules: RuleTable = {
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
};
