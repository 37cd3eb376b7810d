/**
 * --shapes, taken by every command that learns tensor shapes (candidates,
 * slice, run, evaluate, auto).
 */
import { UsageError } from '../core/errors.js';
import { SHAPE_SOURCES, type ShapeSource } from '../slice/shapes.js';
import { stringOption } from './args.js';
import type { OptionDefs, OptionValues } from './command.js';

export const SHAPES_OPTION: OptionDefs = {
  shapes: {
    value: SHAPE_SOURCES.join('|'),
    help: 'learn tensor shapes by inference, by one onnxruntime run, or both (a run only for what inference cannot)',
    default: 'auto',
  },
};

export function shapeSource(options: OptionValues): ShapeSource {
  const v = stringOption(options, 'shapes') ?? 'auto';
  if (!(SHAPE_SOURCES as readonly string[]).includes(v))
    throw new UsageError(`--shapes must be one of ${SHAPE_SOURCES.join(', ')}, not '${v}'`);
  return v as ShapeSource;
}
