/**
 * RNN, GRU and LSTM: outputs sized by the sequence, the batch, the number of
 * directions and hidden_size; layout 1 (opset 14) puts the batch first.
 */
import type { Rule, RuleTable } from '../rule.js';

const recurrent: Rule = (n) => {
  const x = n.shape(0);
  if (x.length !== 3) n.miss(`needs a 3-D input, not rank ${x.length}`);
  const batchFirst = n.int('layout', 0) === 1;
  const [seq, batch] = batchFirst ? [x[1]!, x[0]!] : [x[0]!, x[1]!];
  const dirs = n.string('direction', 'forward') === 'bidirectional' ? 2 : 1;
  const hidden = n.int('hidden_size', 0);
  if (hidden < 1) n.miss('has no hidden_size');
  const dtype = n.dtype(0);
  const y = { dtype, shape: batchFirst ? [batch, seq, dirs, hidden] : [seq, dirs, batch, hidden] };
  const last = { dtype, shape: batchFirst ? [batch, dirs, hidden] : [dirs, batch, hidden] };
  return [y, last, last];
};

export const recurrentRules: RuleTable = { RNN: recurrent, GRU: recurrent, LSTM: recurrent };
