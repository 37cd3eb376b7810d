#!/usr/bin/env node
// Regenerate src/onnx/gen/ from the official ONNX schema in schema/onnx-ml.proto.
import { generate } from './lib/protobuf-gen.mjs';

generate('schema/onnx-ml.proto', 'src/onnx/gen', 'onnx', 'scripts/gen-onnx.mjs');
