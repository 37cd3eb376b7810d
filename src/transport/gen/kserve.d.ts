import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace inference {

    interface IServerLiveRequest extends inference.ServerLiveRequest.$Properties {
    }

    class ServerLiveRequest {
        constructor(properties?: inference.ServerLiveRequest.$Properties);
        $unknowns?: Uint8Array[];
        static create(properties: inference.ServerLiveRequest.$Shape): inference.ServerLiveRequest & inference.ServerLiveRequest.$Shape;
        static create(properties?: inference.ServerLiveRequest.$Properties): inference.ServerLiveRequest;
        static encode(message: inference.ServerLiveRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ServerLiveRequest & inference.ServerLiveRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ServerLiveRequest {
        interface $Properties {
            $unknowns?: Uint8Array[];
        }
        type $Shape = inference.ServerLiveRequest.$Properties;
    }

    interface IServerLiveResponse extends inference.ServerLiveResponse.$Properties {
    }

    class ServerLiveResponse {
        constructor(properties?: inference.ServerLiveResponse.$Properties);
        $unknowns?: Uint8Array[];
        live: boolean;
        static create(properties: inference.ServerLiveResponse.$Shape): inference.ServerLiveResponse & inference.ServerLiveResponse.$Shape;
        static create(properties?: inference.ServerLiveResponse.$Properties): inference.ServerLiveResponse;
        static encode(message: inference.ServerLiveResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ServerLiveResponse & inference.ServerLiveResponse.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ServerLiveResponse {
        interface $Properties {
            live?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = inference.ServerLiveResponse.$Properties;
    }

    interface IServerReadyRequest extends inference.ServerReadyRequest.$Properties {
    }

    class ServerReadyRequest {
        constructor(properties?: inference.ServerReadyRequest.$Properties);
        $unknowns?: Uint8Array[];
        static create(properties: inference.ServerReadyRequest.$Shape): inference.ServerReadyRequest & inference.ServerReadyRequest.$Shape;
        static create(properties?: inference.ServerReadyRequest.$Properties): inference.ServerReadyRequest;
        static encode(message: inference.ServerReadyRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ServerReadyRequest & inference.ServerReadyRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ServerReadyRequest {
        interface $Properties {
            $unknowns?: Uint8Array[];
        }
        type $Shape = inference.ServerReadyRequest.$Properties;
    }

    interface IServerReadyResponse extends inference.ServerReadyResponse.$Properties {
    }

    class ServerReadyResponse {
        constructor(properties?: inference.ServerReadyResponse.$Properties);
        $unknowns?: Uint8Array[];
        ready: boolean;
        static create(properties: inference.ServerReadyResponse.$Shape): inference.ServerReadyResponse & inference.ServerReadyResponse.$Shape;
        static create(properties?: inference.ServerReadyResponse.$Properties): inference.ServerReadyResponse;
        static encode(message: inference.ServerReadyResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ServerReadyResponse & inference.ServerReadyResponse.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ServerReadyResponse {
        interface $Properties {
            ready?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = inference.ServerReadyResponse.$Properties;
    }

    interface IModelReadyRequest extends inference.ModelReadyRequest.$Properties {
    }

    class ModelReadyRequest {
        constructor(properties?: inference.ModelReadyRequest.$Properties);
        $unknowns?: Uint8Array[];
        name: string;
        version: string;
        static create(properties: inference.ModelReadyRequest.$Shape): inference.ModelReadyRequest & inference.ModelReadyRequest.$Shape;
        static create(properties?: inference.ModelReadyRequest.$Properties): inference.ModelReadyRequest;
        static encode(message: inference.ModelReadyRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ModelReadyRequest & inference.ModelReadyRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ModelReadyRequest {
        interface $Properties {
            name?: (string|null);
            version?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = inference.ModelReadyRequest.$Properties;
    }

    interface IModelReadyResponse extends inference.ModelReadyResponse.$Properties {
    }

    class ModelReadyResponse {
        constructor(properties?: inference.ModelReadyResponse.$Properties);
        $unknowns?: Uint8Array[];
        ready: boolean;
        static create(properties: inference.ModelReadyResponse.$Shape): inference.ModelReadyResponse & inference.ModelReadyResponse.$Shape;
        static create(properties?: inference.ModelReadyResponse.$Properties): inference.ModelReadyResponse;
        static encode(message: inference.ModelReadyResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ModelReadyResponse & inference.ModelReadyResponse.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ModelReadyResponse {
        interface $Properties {
            ready?: (boolean|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = inference.ModelReadyResponse.$Properties;
    }

    interface IServerMetadataRequest extends inference.ServerMetadataRequest.$Properties {
    }

    class ServerMetadataRequest {
        constructor(properties?: inference.ServerMetadataRequest.$Properties);
        $unknowns?: Uint8Array[];
        static create(properties: inference.ServerMetadataRequest.$Shape): inference.ServerMetadataRequest & inference.ServerMetadataRequest.$Shape;
        static create(properties?: inference.ServerMetadataRequest.$Properties): inference.ServerMetadataRequest;
        static encode(message: inference.ServerMetadataRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ServerMetadataRequest & inference.ServerMetadataRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ServerMetadataRequest {
        interface $Properties {
            $unknowns?: Uint8Array[];
        }
        type $Shape = inference.ServerMetadataRequest.$Properties;
    }

    interface IServerMetadataResponse extends inference.ServerMetadataResponse.$Properties {
    }

    class ServerMetadataResponse {
        constructor(properties?: inference.ServerMetadataResponse.$Properties);
        $unknowns?: Uint8Array[];
        name: string;
        version: string;
        extensions: string[];
        static create(properties: inference.ServerMetadataResponse.$Shape): inference.ServerMetadataResponse & inference.ServerMetadataResponse.$Shape;
        static create(properties?: inference.ServerMetadataResponse.$Properties): inference.ServerMetadataResponse;
        static encode(message: inference.ServerMetadataResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ServerMetadataResponse & inference.ServerMetadataResponse.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ServerMetadataResponse {
        interface $Properties {
            name?: (string|null);
            version?: (string|null);
            extensions?: (string[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = inference.ServerMetadataResponse.$Properties;
    }

    interface IModelMetadataRequest extends inference.ModelMetadataRequest.$Properties {
    }

    class ModelMetadataRequest {
        constructor(properties?: inference.ModelMetadataRequest.$Properties);
        $unknowns?: Uint8Array[];
        name: string;
        version: string;
        static create(properties: inference.ModelMetadataRequest.$Shape): inference.ModelMetadataRequest & inference.ModelMetadataRequest.$Shape;
        static create(properties?: inference.ModelMetadataRequest.$Properties): inference.ModelMetadataRequest;
        static encode(message: inference.ModelMetadataRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ModelMetadataRequest & inference.ModelMetadataRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ModelMetadataRequest {
        interface $Properties {
            name?: (string|null);
            version?: (string|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = inference.ModelMetadataRequest.$Properties;
    }

    interface IModelMetadataResponse extends inference.ModelMetadataResponse.$Properties {
    }

    class ModelMetadataResponse {
        constructor(properties?: inference.ModelMetadataResponse.$Properties);
        $unknowns?: Uint8Array[];
        name: string;
        versions: string[];
        platform: string;
        inputs: inference.ModelMetadataResponse.TensorMetadata.$Properties[];
        outputs: inference.ModelMetadataResponse.TensorMetadata.$Properties[];
        static create(properties: inference.ModelMetadataResponse.$Shape): inference.ModelMetadataResponse & inference.ModelMetadataResponse.$Shape;
        static create(properties?: inference.ModelMetadataResponse.$Properties): inference.ModelMetadataResponse;
        static encode(message: inference.ModelMetadataResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ModelMetadataResponse & inference.ModelMetadataResponse.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ModelMetadataResponse {
        interface $Properties {
            name?: (string|null);
            versions?: (string[]|null);
            platform?: (string|null);
            inputs?: (inference.ModelMetadataResponse.TensorMetadata.$Properties[]|null);
            outputs?: (inference.ModelMetadataResponse.TensorMetadata.$Properties[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = inference.ModelMetadataResponse.$Properties;

        interface ITensorMetadata extends inference.ModelMetadataResponse.TensorMetadata.$Properties {
        }

        class TensorMetadata {
            constructor(properties?: inference.ModelMetadataResponse.TensorMetadata.$Properties);
            $unknowns?: Uint8Array[];
            name: string;
            datatype: string;
            shape: (number|Long)[];
            static create(properties: inference.ModelMetadataResponse.TensorMetadata.$Shape): inference.ModelMetadataResponse.TensorMetadata & inference.ModelMetadataResponse.TensorMetadata.$Shape;
            static create(properties?: inference.ModelMetadataResponse.TensorMetadata.$Properties): inference.ModelMetadataResponse.TensorMetadata;
            static encode(message: inference.ModelMetadataResponse.TensorMetadata.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ModelMetadataResponse.TensorMetadata & inference.ModelMetadataResponse.TensorMetadata.$Shape;
            static getTypeUrl(prefix?: string): string;
        }

        namespace TensorMetadata {
            interface $Properties {
                name?: (string|null);
                datatype?: (string|null);
                shape?: ((number|Long)[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = inference.ModelMetadataResponse.TensorMetadata.$Properties;
        }
    }

    interface IModelInferRequest extends inference.ModelInferRequest.$Properties {
    }

    class ModelInferRequest {
        constructor(properties?: inference.ModelInferRequest.$Properties);
        $unknowns?: Uint8Array[];
        modelName: string;
        modelVersion: string;
        id: string;
        parameters: { [k: string]: inference.InferParameter.$Properties };
        inputs: inference.ModelInferRequest.InferInputTensor.$Properties[];
        outputs: inference.ModelInferRequest.InferRequestedOutputTensor.$Properties[];
        rawInputContents: Uint8Array[];
        static create(properties: inference.ModelInferRequest.$Shape): inference.ModelInferRequest & inference.ModelInferRequest.$Shape;
        static create(properties?: inference.ModelInferRequest.$Properties): inference.ModelInferRequest;
        static encode(message: inference.ModelInferRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ModelInferRequest & inference.ModelInferRequest.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ModelInferRequest {
        interface $Properties {
            modelName?: (string|null);
            modelVersion?: (string|null);
            id?: (string|null);
            parameters?: ({ [k: string]: inference.InferParameter.$Properties }|null);
            inputs?: (inference.ModelInferRequest.InferInputTensor.$Properties[]|null);
            outputs?: (inference.ModelInferRequest.InferRequestedOutputTensor.$Properties[]|null);
            rawInputContents?: (Uint8Array[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = {
          modelName?: string|null;
          modelVersion?: string|null;
          id?: string|null;
          parameters?: { [k: string]: inference.InferParameter.$Shape }|null;
          inputs?: inference.ModelInferRequest.InferInputTensor.$Shape[]|null;
          outputs?: inference.ModelInferRequest.InferRequestedOutputTensor.$Shape[]|null;
          rawInputContents?: Uint8Array[]|null;
          $unknowns?: Uint8Array[];
        };

        interface IInferInputTensor extends inference.ModelInferRequest.InferInputTensor.$Properties {
        }

        class InferInputTensor {
            constructor(properties?: inference.ModelInferRequest.InferInputTensor.$Properties);
            $unknowns?: Uint8Array[];
            name: string;
            datatype: string;
            shape: (number|Long)[];
            parameters: { [k: string]: inference.InferParameter.$Properties };
            contents?: (inference.InferTensorContents.$Properties|null);
            static create(properties: inference.ModelInferRequest.InferInputTensor.$Shape): inference.ModelInferRequest.InferInputTensor & inference.ModelInferRequest.InferInputTensor.$Shape;
            static create(properties?: inference.ModelInferRequest.InferInputTensor.$Properties): inference.ModelInferRequest.InferInputTensor;
            static encode(message: inference.ModelInferRequest.InferInputTensor.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ModelInferRequest.InferInputTensor & inference.ModelInferRequest.InferInputTensor.$Shape;
            static getTypeUrl(prefix?: string): string;
        }

        namespace InferInputTensor {
            interface $Properties {
                name?: (string|null);
                datatype?: (string|null);
                shape?: ((number|Long)[]|null);
                parameters?: ({ [k: string]: inference.InferParameter.$Properties }|null);
                contents?: (inference.InferTensorContents.$Properties|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              name?: string|null;
              datatype?: string|null;
              shape?: (number|Long)[]|null;
              parameters?: { [k: string]: inference.InferParameter.$Shape }|null;
              contents?: inference.InferTensorContents.$Shape|null;
              $unknowns?: Uint8Array[];
            };
        }

        interface IInferRequestedOutputTensor extends inference.ModelInferRequest.InferRequestedOutputTensor.$Properties {
        }

        class InferRequestedOutputTensor {
            constructor(properties?: inference.ModelInferRequest.InferRequestedOutputTensor.$Properties);
            $unknowns?: Uint8Array[];
            name: string;
            parameters: { [k: string]: inference.InferParameter.$Properties };
            static create(properties: inference.ModelInferRequest.InferRequestedOutputTensor.$Shape): inference.ModelInferRequest.InferRequestedOutputTensor & inference.ModelInferRequest.InferRequestedOutputTensor.$Shape;
            static create(properties?: inference.ModelInferRequest.InferRequestedOutputTensor.$Properties): inference.ModelInferRequest.InferRequestedOutputTensor;
            static encode(message: inference.ModelInferRequest.InferRequestedOutputTensor.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ModelInferRequest.InferRequestedOutputTensor & inference.ModelInferRequest.InferRequestedOutputTensor.$Shape;
            static getTypeUrl(prefix?: string): string;
        }

        namespace InferRequestedOutputTensor {
            interface $Properties {
                name?: (string|null);
                parameters?: ({ [k: string]: inference.InferParameter.$Properties }|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              name?: string|null;
              parameters?: { [k: string]: inference.InferParameter.$Shape }|null;
              $unknowns?: Uint8Array[];
            };
        }
    }

    interface IModelInferResponse extends inference.ModelInferResponse.$Properties {
    }

    class ModelInferResponse {
        constructor(properties?: inference.ModelInferResponse.$Properties);
        $unknowns?: Uint8Array[];
        modelName: string;
        modelVersion: string;
        id: string;
        parameters: { [k: string]: inference.InferParameter.$Properties };
        outputs: inference.ModelInferResponse.InferOutputTensor.$Properties[];
        rawOutputContents: Uint8Array[];
        static create(properties: inference.ModelInferResponse.$Shape): inference.ModelInferResponse & inference.ModelInferResponse.$Shape;
        static create(properties?: inference.ModelInferResponse.$Properties): inference.ModelInferResponse;
        static encode(message: inference.ModelInferResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ModelInferResponse & inference.ModelInferResponse.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ModelInferResponse {
        interface $Properties {
            modelName?: (string|null);
            modelVersion?: (string|null);
            id?: (string|null);
            parameters?: ({ [k: string]: inference.InferParameter.$Properties }|null);
            outputs?: (inference.ModelInferResponse.InferOutputTensor.$Properties[]|null);
            rawOutputContents?: (Uint8Array[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = {
          modelName?: string|null;
          modelVersion?: string|null;
          id?: string|null;
          parameters?: { [k: string]: inference.InferParameter.$Shape }|null;
          outputs?: inference.ModelInferResponse.InferOutputTensor.$Shape[]|null;
          rawOutputContents?: Uint8Array[]|null;
          $unknowns?: Uint8Array[];
        };

        interface IInferOutputTensor extends inference.ModelInferResponse.InferOutputTensor.$Properties {
        }

        class InferOutputTensor {
            constructor(properties?: inference.ModelInferResponse.InferOutputTensor.$Properties);
            $unknowns?: Uint8Array[];
            name: string;
            datatype: string;
            shape: (number|Long)[];
            parameters: { [k: string]: inference.InferParameter.$Properties };
            contents?: (inference.InferTensorContents.$Properties|null);
            static create(properties: inference.ModelInferResponse.InferOutputTensor.$Shape): inference.ModelInferResponse.InferOutputTensor & inference.ModelInferResponse.InferOutputTensor.$Shape;
            static create(properties?: inference.ModelInferResponse.InferOutputTensor.$Properties): inference.ModelInferResponse.InferOutputTensor;
            static encode(message: inference.ModelInferResponse.InferOutputTensor.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ModelInferResponse.InferOutputTensor & inference.ModelInferResponse.InferOutputTensor.$Shape;
            static getTypeUrl(prefix?: string): string;
        }

        namespace InferOutputTensor {
            interface $Properties {
                name?: (string|null);
                datatype?: (string|null);
                shape?: ((number|Long)[]|null);
                parameters?: ({ [k: string]: inference.InferParameter.$Properties }|null);
                contents?: (inference.InferTensorContents.$Properties|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              name?: string|null;
              datatype?: string|null;
              shape?: (number|Long)[]|null;
              parameters?: { [k: string]: inference.InferParameter.$Shape }|null;
              contents?: inference.InferTensorContents.$Shape|null;
              $unknowns?: Uint8Array[];
            };
        }
    }

    interface IModelStreamInferResponse extends inference.ModelStreamInferResponse.$Properties {
    }

    class ModelStreamInferResponse {
        constructor(properties?: inference.ModelStreamInferResponse.$Properties);
        $unknowns?: Uint8Array[];
        errorMessage: string;
        inferResponse?: (inference.ModelInferResponse.$Properties|null);
        static create(properties: inference.ModelStreamInferResponse.$Shape): inference.ModelStreamInferResponse & inference.ModelStreamInferResponse.$Shape;
        static create(properties?: inference.ModelStreamInferResponse.$Properties): inference.ModelStreamInferResponse;
        static encode(message: inference.ModelStreamInferResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.ModelStreamInferResponse & inference.ModelStreamInferResponse.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace ModelStreamInferResponse {
        interface $Properties {
            errorMessage?: (string|null);
            inferResponse?: (inference.ModelInferResponse.$Properties|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = {
          errorMessage?: string|null;
          inferResponse?: inference.ModelInferResponse.$Shape|null;
          $unknowns?: Uint8Array[];
        };
    }

    interface IInferParameter extends inference.InferParameter.$Properties {
    }

    class InferParameter {
        constructor(properties?: inference.InferParameter.$Properties);
        $unknowns?: Uint8Array[];
        boolParam?: (boolean|null);
        int64Param?: (number|Long|null);
        stringParam?: (string|null);
        doubleParam?: (number|null);
        uint64Param?: (number|Long|null);
        parameterChoice?: ("boolParam"|"int64Param"|"stringParam"|"doubleParam"|"uint64Param");
        static create(properties: inference.InferParameter.$Shape): inference.InferParameter & inference.InferParameter.$Shape;
        static create(properties?: inference.InferParameter.$Properties): inference.InferParameter;
        static encode(message: inference.InferParameter.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.InferParameter & inference.InferParameter.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace InferParameter {
        interface $Properties {
            boolParam?: (boolean|null);
            int64Param?: (number|Long|null);
            stringParam?: (string|null);
            doubleParam?: (number|null);
            uint64Param?: (number|Long|null);
            parameterChoice?: ("boolParam"|"int64Param"|"stringParam"|"doubleParam"|"uint64Param");
            $unknowns?: Uint8Array[];
        }
        type $Shape = {
          boolParam?: boolean|null;
          int64Param?: number|Long|null;
          stringParam?: string|null;
          doubleParam?: number|null;
          uint64Param?: number|Long|null;
          $unknowns?: Uint8Array[];
        } & (
          ({ parameterChoice?: undefined; boolParam?: null; int64Param?: null; stringParam?: null; doubleParam?: null; uint64Param?: null }|{ parameterChoice?: "boolParam"; boolParam: boolean; int64Param?: null; stringParam?: null; doubleParam?: null; uint64Param?: null }|{ parameterChoice?: "int64Param"; boolParam?: null; int64Param: number|Long; stringParam?: null; doubleParam?: null; uint64Param?: null }|{ parameterChoice?: "stringParam"; boolParam?: null; int64Param?: null; stringParam: string; doubleParam?: null; uint64Param?: null }|{ parameterChoice?: "doubleParam"; boolParam?: null; int64Param?: null; stringParam?: null; doubleParam: number; uint64Param?: null }|{ parameterChoice?: "uint64Param"; boolParam?: null; int64Param?: null; stringParam?: null; doubleParam?: null; uint64Param: number|Long })
        );
    }

    interface IInferTensorContents extends inference.InferTensorContents.$Properties {
    }

    class InferTensorContents {
        constructor(properties?: inference.InferTensorContents.$Properties);
        $unknowns?: Uint8Array[];
        boolContents: boolean[];
        intContents: number[];
        int64Contents: (number|Long)[];
        uintContents: number[];
        uint64Contents: (number|Long)[];
        fp32Contents: number[];
        fp64Contents: number[];
        bytesContents: Uint8Array[];
        static create(properties: inference.InferTensorContents.$Shape): inference.InferTensorContents & inference.InferTensorContents.$Shape;
        static create(properties?: inference.InferTensorContents.$Properties): inference.InferTensorContents;
        static encode(message: inference.InferTensorContents.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): inference.InferTensorContents & inference.InferTensorContents.$Shape;
        static getTypeUrl(prefix?: string): string;
    }

    namespace InferTensorContents {
        interface $Properties {
            boolContents?: (boolean[]|null);
            intContents?: (number[]|null);
            int64Contents?: ((number|Long)[]|null);
            uintContents?: (number[]|null);
            uint64Contents?: ((number|Long)[]|null);
            fp32Contents?: (number[]|null);
            fp64Contents?: (number[]|null);
            bytesContents?: (Uint8Array[]|null);
            $unknowns?: Uint8Array[];
        }
        type $Shape = inference.InferTensorContents.$Properties;
    }
}
