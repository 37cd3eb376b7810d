/**
 * The generated ONNX protobuf classes and small helpers around their quirks
 * (int64 fields arrive as Long objects, optional fields as own properties).
 */
import Long from 'long';
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

/** An int64 field as a JS number (exact up to 2^53, which covers every dimension and offset). */
export function int64(value: number | Long | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

export function toLong(value: number): Long {
  return Long.fromNumber(value);
}
