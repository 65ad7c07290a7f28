// Runs policies in-process through @pulumi/policy's own analyzer handlers (the functions its gRPC
// server registers for Analyze, AnalyzeStack and Remediate), fed with real analyzer request
// messages. So unit tests see exactly what the SDK does with a policy: deserialization, the
// unknown-checking proxy, both forms of reportViolation, not-applicable, enforcement levels.
// Nothing of the SDK is re-implemented here; an SDK upgrade that changes any of it shows up.
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { WireProps, WireResource } from "../../testing/wire";

type Handler<Req, Res> = (call: { request: Req }, callback: (err: unknown, res: Res) => void) => Promise<void>;
type Level = "advisory" | "mandatory" | "remediate" | "disabled";

// The handlers are the SDK's (marked internal, but exported); load them as its server does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const server = require("@pulumi/policy/server") as {
    makeAnalyzeRpcFun(name: string, version: string, level: string, policies: unknown[]): Handler<analyzerPb.AnalyzeRequest, analyzerPb.AnalyzeResponse>;
    makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: unknown[]): Handler<analyzerPb.AnalyzeStackRequest, analyzerPb.AnalyzeResponse>;
    makeRemediateRpcFun(name: string, version: string, level: string, policies: unknown[]): Handler<analyzerPb.AnalyzeRequest, analyzerPb.RemediateResponse>;
};

const LEVELS: Record<number, string> = {
    [analyzerPb.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerPb.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerPb.EnforcementLevel.DISABLED]: "disabled",
    [analyzerPb.EnforcementLevel.REMEDIATE]: "remediate",
};

export interface SdkDiagnostic {
    policyName: string;
    message: string;
    enforcementLevel: string;
    severity: number;
    urn?: string;
}

export interface SdkResult {
    diagnostics: SdkDiagnostic[];
    notApplicable: Array<{ policyName: string; reason: string }>;
}

function invoke<Req, Res>(handler: Handler<Req, Res>, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
        void handler({ request }, (err, res) => (err ? reject(err) : resolve(res)));
    });
}

function fill<M extends analyzerPb.AnalyzeRequest | analyzerPb.AnalyzerResource>(msg: M, r: WireResource): M {
    msg.setType(r.type);
    msg.setUrn(r.urn);
    msg.setName(r.name);
    msg.setProperties(Struct.fromJavaScript(r.properties as never));
    const opts = new analyzerPb.AnalyzerResourceOptions();
    if (r.parent) opts.setParent(r.parent);
    msg.setOptions(opts);
    if (r.provider) {
        const p = new analyzerPb.AnalyzerProviderResource();
        p.setType(r.provider.type);
        p.setUrn(r.provider.urn);
        p.setName(r.provider.name);
        p.setProperties(Struct.fromJavaScript(r.provider.properties as WireProps as never));
        msg.setProvider(p);
    }
    return msg;
}

export function analyzeRequest(r: WireResource): analyzerPb.AnalyzeRequest {
    return fill(new analyzerPb.AnalyzeRequest(), r);
}

export function analyzeStackRequest(resources: readonly WireResource[]): analyzerPb.AnalyzeStackRequest {
    const req = new analyzerPb.AnalyzeStackRequest();
    req.setResourcesList(resources.map((r) => {
        const msg = fill(new analyzerPb.AnalyzerResource(), r);
        if (r.parent) msg.setParent(r.parent);
        msg.setDependenciesList(r.dependencies ?? []);
        for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
            const deps = new analyzerPb.AnalyzerPropertyDependencies();
            deps.setUrnsList(urns);
            msg.getPropertydependenciesMap().set(k, deps);
        }
        return msg;
    }));
    return req;
}

function result(res: analyzerPb.AnalyzeResponse): SdkResult {
    return {
        diagnostics: res.getDiagnosticsList().map((d) => ({
            policyName: d.getPolicyname(),
            message: d.getMessage(),
            enforcementLevel: LEVELS[d.getEnforcementlevel()],
            severity: d.getSeverity(),
            ...(d.getUrn() ? { urn: d.getUrn() } : {}),
        })),
        notApplicable: res.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
    };
}

/**
 * The policy as the SDK serves it with `config` as its policy config and `level` as its configured
 * enforcement level (what the engine's Configure call would set).
 */
function configured<P extends ResourceValidationPolicy | StackValidationPolicy>(policy: P, config: Record<string, unknown>, level?: Level): P {
    const withConfig = <A extends { getConfig: unknown }>(args: A): A => ({ ...args, getConfig: () => config });
    const p = { ...policy, ...(level && { enforcementLevel: level }) };
    if ("validateResource" in policy && typeof policy.validateResource === "function") {
        const validate = policy.validateResource;
        (p as ResourceValidationPolicy).validateResource = (args: ResourceValidationArgs, report: ReportViolation) => validate(withConfig(args), report);
    }
    if ("remediateResource" in policy && typeof policy.remediateResource === "function") {
        const remediate = policy.remediateResource;
        (p as ResourceValidationPolicy).remediateResource = (args: ResourceValidationArgs) => remediate(withConfig(args));
    }
    if ("validateStack" in policy && typeof policy.validateStack === "function") {
        const validate = policy.validateStack;
        (p as StackValidationPolicy).validateStack = (args: StackValidationArgs, report: ReportViolation) => validate(withConfig(args), report);
    }
    return p;
}

const PACK = ["sdk-in-process", "0.0.1", "advisory"] as const;

/** Analyze of one resource by `policies`, as the SDK's server answers it. */
export async function sdkAnalyze(policies: readonly ResourceValidationPolicy[], r: WireResource, config: Record<string, unknown> = {}, level?: Level): Promise<SdkResult> {
    const handler = server.makeAnalyzeRpcFun(...PACK, policies.map((p) => configured(p, config, level)));
    return result(await invoke(handler, analyzeRequest(r)));
}

/** AnalyzeStack of `resources` by `policies`, as the SDK's server answers it. */
export async function sdkAnalyzeStack(policies: readonly StackValidationPolicy[], resources: readonly WireResource[], config: Record<string, unknown> = {}, level?: Level): Promise<SdkResult> {
    const handler = server.makeAnalyzeStackRpcFun(...PACK, policies.map((p) => configured(p, config, level)));
    return result(await invoke(handler, analyzeStackRequest(resources)));
}

/** Remediate of one resource by `policies` (each at the remediate level), as the SDK's server answers it. */
export async function sdkRemediate(policies: readonly ResourceValidationPolicy[], r: WireResource, config: Record<string, unknown> = {}): Promise<Array<{ policyName: string; properties?: Record<string, unknown>; diagnostic: string }>> {
    const handler = server.makeRemediateRpcFun(...PACK, policies.map((p) => configured(p, config, "remediate")));
    const res = await invoke(handler, analyzeRequest(r));
    return res.getRemediationsList().map((x) => ({
        policyName: x.getPolicyname(),
        properties: x.getProperties()?.toJavaScript() as Record<string, unknown> | undefined,
        diagnostic: x.getDiagnostic(),
    }));
}

