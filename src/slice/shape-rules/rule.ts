/**
 * A shape rule: the types of a node's outputs from its inputs' types,
 * attributes and (for shape operands) constant values, as the ONNX spec
 * defines the operator. `undefined` for an output the rule cannot say
 * anything about; a ShapeMiss when it cannot infer the node at all.
 */
import type { NodeContext } from './context.js';
import type { TensorType } from './types.js';

export type Rule = (n: NodeContext) => readonly (TensorType | undefined)[];

export type RuleTable = Readonly<Record<string, Rule>>;
