/** The tensor relay between stages: KServe v2 ModelInfer over gRPC. See docs/TRANSPORT.md. */
export { RelayClient, type InferFailure, type InferResult, type RelayClientOptions } from './client.js';
export {
  startRelayServer,
  type Holding,
  type LimitStats,
  type RelayLimits,
  type RelayServer,
  type RelayServerOptions,
  type ServedModelInfo,
} from './server.js';
export { defaultLimits } from './limits.js';
export { kserveDatatype } from './datatype.js';
export { InvalidRequest } from './invalid-request.js';
export { DEFAULT_MAX_MESSAGE_BYTES } from './service.js';
export type { FrameParams } from './params.js';
export { checkTls, loadTls, type TlsFiles, type TlsMaterial } from './tls.js';
export {
  CUT_ENCODINGS,
  decodeInferRequest,
  decodeInferResponse,
  encodeInferRequest,
  encodeInferResponse,
  type CutEncoding,
  type DecodedInfer,
} from './wire.js';
