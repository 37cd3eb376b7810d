/** Every candidate, in input-side order (paper 5.4, Figure 8a). */
import type { SelectionMethod } from './method.js';

export const strongman: SelectionMethod = {
  name: 'strongman',
  description: 'stage every candidate',
};
