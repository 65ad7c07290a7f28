// The SDK's Analyze handler as the in-process benches drive it: @pulumi/policy's server builds it
// (marked internal, but exported) and its gRPC server registers it.
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";

export type AnalyzeHandler = (
    call: { request: analyzerPb.AnalyzeRequest },
    callback: (err: unknown, res?: analyzerPb.AnalyzeResponse) => void,
) => Promise<void>;

export interface SdkServer {
    makeAnalyzeRpcFun(name: string, version: string, level: string, policies: unknown[]): AnalyzeHandler;
}
