// The SDK's Analyze handler as the in-process benches drive it: @pulumi/policy's server builds it
// (marked internal, but exported) and its gRPC server registers it.
import * as path from "node:path";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";

export type AnalyzeHandler = (
    call: { request: analyzerPb.AnalyzeRequest },
    callback: (err: unknown, res?: analyzerPb.AnalyzeResponse) => void,
) => Promise<void>;

export interface SdkServer {
    makeAnalyzeRpcFun(name: string, version: string, level: string, policies: unknown[]): AnalyzeHandler;
}

/**
 * The policies of the build in `dir` (its bin/), as its index.js serves them (in the pack's own terms);
 * secret marks are the caller's to keep, since how depends on how many builds share the process.
 */
export function servedPolicies(dir: string): unknown[] {
    const bin = path.join(dir, "bin", "policies");
    const { policies } = require(path.join(bin, "registry")) as { policies: readonly unknown[] };
    const { inTerms } = require(path.join(bin, "packMode")) as { inTerms: (p: unknown, t: unknown) => unknown };
    const { PULUMI_TERMS } = require(path.join(bin, "terms")) as { PULUMI_TERMS: unknown };
    return policies.map((p) => inTerms(p, PULUMI_TERMS));
}
