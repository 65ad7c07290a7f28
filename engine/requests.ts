// Analyzer request messages built from engine-shaped resources, exactly as the engine sends them:
// shared by the pack driver (over gRPC) and the in-process SDK runs of the project's unit tests.
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { WireProps, WireResource } from "./wire";

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";

/** The protocol's enforcement levels by their wire number. */
export const LEVEL_NAMES: Readonly<Record<number, EnforcementLevel>> = {
    [analyzerPb.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerPb.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerPb.EnforcementLevel.DISABLED]: "disabled",
    [analyzerPb.EnforcementLevel.REMEDIATE]: "remediate",
};

function struct(props: WireProps): Struct {
    return Struct.fromJavaScript(props as never);
}

function toProviderResource(r: WireResource): analyzerPb.AnalyzerProviderResource | undefined {
    if (!r.provider) return undefined;
    const p = new analyzerPb.AnalyzerProviderResource();
    p.setType(r.provider.type);
    p.setUrn(r.provider.urn);
    p.setName(r.provider.name);
    p.setProperties(struct(r.provider.properties));
    return p;
}

function toOptions(r: WireResource): analyzerPb.AnalyzerResourceOptions {
    const o = new analyzerPb.AnalyzerResourceOptions();
    if (r.parent) o.setParent(r.parent);
    return o;
}

/** The fields AnalyzeRequest and AnalyzerResource share, set the same way on both. */
interface ResourceMessage {
    setType(v: string): unknown;
    setUrn(v: string): unknown;
    setName(v: string): unknown;
    setProperties(v?: Struct): unknown;
    setOptions(v?: analyzerPb.AnalyzerResourceOptions): unknown;
    setProvider(v?: analyzerPb.AnalyzerProviderResource): unknown;
}

function fillResource<M extends ResourceMessage>(msg: M, r: WireResource): M {
    msg.setType(r.type);
    msg.setUrn(r.urn);
    msg.setName(r.name);
    msg.setProperties(struct(r.properties));
    msg.setOptions(toOptions(r));
    const provider = toProviderResource(r);
    if (provider) msg.setProvider(provider);
    return msg;
}

export function toAnalyzeRequest(r: WireResource): analyzerPb.AnalyzeRequest {
    return fillResource(new analyzerPb.AnalyzeRequest(), r);
}

export function toAnalyzerResource(r: WireResource): analyzerPb.AnalyzerResource {
    const res = fillResource(new analyzerPb.AnalyzerResource(), r);
    if (r.parent) res.setParent(r.parent);
    res.setDependenciesList(r.dependencies ?? []);
    for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
        const deps = new analyzerPb.AnalyzerPropertyDependencies();
        deps.setUrnsList(urns);
        res.getPropertydependenciesMap().set(k, deps);
    }
    return res;
}

/** An AnalyzeStack request for `resources`, in order. */
export function toAnalyzeStackRequest(resources: readonly WireResource[]): analyzerPb.AnalyzeStackRequest {
    const req = new analyzerPb.AnalyzeStackRequest();
    req.setResourcesList(resources.map(toAnalyzerResource));
    return req;
}
