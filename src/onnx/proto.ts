/**
 * The generated ONNX protobuf classes and small helpers around their quirks
 * (int64 fields arrive as Long objects, optional fields as own properties).
 */
import Long from 'long';
import { ModelError } from '../core/errors.js';
import { int64 as toNumber } from '../core/int64.js';
import { onnx } from './gen/onnx.js';

export { onnx };
export type ModelProto = onnx.ModelProto;
export type GraphProto = onnx.GraphProto.$Properties;
export type NodeProto = onnx.NodeProto.$Properties;
export type TensorProto = onnx.TensorProto.$Properties;
export type ValueInfoProto = onnx.ValueInfoProto.$Properties;
export type AttributeProto = onnx.AttributeProto.$Properties;
export type TypeProto = onnx.TypeProto.$Properties;

export const DATA_LOCATION_EXTERNAL = onnx.TensorProto.DataLocation.EXTERNAL;
export const ATTRIBUTE_GRAPH = onnx.AttributeProto.AttributeType.GRAPH;
export const ATTRIBUTE_GRAPHS = onnx.AttributeProto.AttributeType.GRAPHS;

/** An int64 field as a JS number; a value past 2^53 is a ModelError (the rule is core/int64.ts's). */
export function int64(value: number | Long | null | undefined): number {
  return toNumber(value, ModelError);
}

export function toLong(value: number): Long {
  return Long.fromNumber(value);
}
