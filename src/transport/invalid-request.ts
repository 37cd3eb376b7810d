/**
 * The error for a request the peer got wrong: the server answers it
 * INVALID_ARGUMENT (on the stream, an 'invalid' error reply). A handler (the
 * served model checking tensors against its inputs) throws it too.
 */
import { TransportError } from '../core/errors.js';

export class InvalidRequest extends TransportError {}
