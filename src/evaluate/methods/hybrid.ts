/** hybrid (paper 5.4, Figure 8d): comm-slim's pruning, then early-stop's walk. */
import { commSlimPrune } from './comm-slim.js';
import { earlyStop } from './early-stop.js';
import type { SelectionMethod } from './method.js';

export const hybrid: SelectionMethod = {
  name: 'hybrid',
  description: 'comm-slim pruning, then early-stop',
  prune: commSlimPrune,
  stop: earlyStop,
};
