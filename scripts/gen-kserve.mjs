#!/usr/bin/env node
// Regenerate src/transport/gen/ from the KServe v2 schema in schema/grpc_predict_v2.proto.
// Messages only: the gRPC service is declared by hand in src/transport/service.ts so that
// grpc-js (de)serialises with these static encoders and no proto-loader runs at start-up.
import { generate } from './lib/protobuf-gen.mjs';

generate('schema/grpc_predict_v2.proto', 'src/transport/gen', 'kserve', 'scripts/gen-kserve.mjs');
