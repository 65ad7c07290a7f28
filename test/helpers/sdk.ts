// Runs policies in-process through @pulumi/policy's own analyzer handlers (the functions its gRPC
// server registers for Analyze, AnalyzeStack and Remediate), fed with real analyzer request
// messages. So unit tests see exactly what the SDK does with a policy: deserialization, the
// unknown-checking proxy, both forms of reportViolation, not-applicable, enforcement levels.
// Nothing of the SDK is re-implemented here; an SDK upgrade that changes any of it shows up.
import type {
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { LEVEL_NAMES, toAnalyzeRequest, toAnalyzeStackRequest } from "../../engine/requests";
import type { WireResource } from "../../engine/wire";
import { keepSecretMarks } from "../../policies/sdkSecrets";
import { field } from "../support/items";

// As the served pack does (index.ts): the handlers keep the engine's secret marks.
keepSecretMarks();

type Handler<Req, Res> = (call: { request: Req }, callback: (err: unknown, res: Res) => void) => Promise<void>;
type Level = "advisory" | "mandatory" | "remediate" | "disabled";

// The handlers are the SDK's (marked internal, but exported); load them as its server does.

const server = require("@pulumi/policy/server") as {
    makeAnalyzeRpcFun(
        name: string,
        version: string,
        level: string,
        policies: unknown[],
    ): Handler<analyzerPb.AnalyzeRequest, analyzerPb.AnalyzeResponse>;
    makeAnalyzeStackRpcFun(
        name: string,
        version: string,
        level: string,
        policies: unknown[],
    ): Handler<analyzerPb.AnalyzeStackRequest, analyzerPb.AnalyzeResponse>;
    makeRemediateRpcFun(
        name: string,
        version: string,
        level: string,
        policies: unknown[],
    ): Handler<analyzerPb.AnalyzeRequest, analyzerPb.RemediateResponse>;
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

function result(res: analyzerPb.AnalyzeResponse): SdkResult {
    return {
        diagnostics: res.getDiagnosticsList().map((d) => ({
            policyName: d.getPolicyname(),
            message: d.getMessage(),
            enforcementLevel: field(LEVEL_NAMES, d.getEnforcementlevel()),
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
function configured<P extends ResourceValidationPolicy | StackValidationPolicy>(
    policy: P,
    config: Record<string, unknown>,
    level?: Level,
): P {
    const withConfig = <A extends { getConfig: unknown }>(args: A): A => ({ ...args, getConfig: () => config });
    const p = { ...policy, ...(level && { enforcementLevel: level }) };
    if ("validateResource" in policy && typeof policy.validateResource === "function") {
        const validate = policy.validateResource;
        (p as ResourceValidationPolicy).validateResource = (args: ResourceValidationArgs, report: ReportViolation) =>
            validate(withConfig(args), report);
    }
    if ("remediateResource" in policy && typeof policy.remediateResource === "function") {
        const remediate = policy.remediateResource;
        (p as ResourceValidationPolicy).remediateResource = (args: ResourceValidationArgs) => remediate(withConfig(args));
    }
    if ("validateStack" in policy && typeof policy.validateStack === "function") {
        const validate = policy.validateStack;
        (p as StackValidationPolicy).validateStack = (args: StackValidationArgs, report: ReportViolation) =>
            validate(withConfig(args), report);
    }
    return p;
}

const PACK = ["sdk-in-process", "0.0.1", "advisory"] as const;

/** Analyze of one resource by `policies`, as the SDK's server answers it. */
export async function sdkAnalyze(
    policies: readonly ResourceValidationPolicy[],
    r: WireResource,
    config: Record<string, unknown> = {},
    level?: Level,
): Promise<SdkResult> {
    const handler = server.makeAnalyzeRpcFun(
        ...PACK,
        policies.map((p) => configured(p, config, level)),
    );
    return result(await invoke(handler, toAnalyzeRequest(r)));
}

/** AnalyzeStack of `resources` by `policies`, as the SDK's server answers it. */
export async function sdkAnalyzeStack(
    policies: readonly StackValidationPolicy[],
    resources: readonly WireResource[],
    config: Record<string, unknown> = {},
    level?: Level,
): Promise<SdkResult> {
    const handler = server.makeAnalyzeStackRpcFun(
        ...PACK,
        policies.map((p) => configured(p, config, level)),
    );
    return result(await invoke(handler, toAnalyzeStackRequest(resources)));
}

/** Remediate of one resource by `policies` (each at the remediate level), as the SDK's server answers it. */
export async function sdkRemediate(
    policies: readonly ResourceValidationPolicy[],
    r: WireResource,
    config: Record<string, unknown> = {},
): Promise<Array<{ policyName: string; properties?: Record<string, unknown> | undefined; diagnostic: string }>> {
    const handler = server.makeRemediateRpcFun(
        ...PACK,
        policies.map((p) => configured(p, config, "remediate")),
    );
    const res = await invoke(handler, toAnalyzeRequest(r));
    return res.getRemediationsList().map((x) => ({
        policyName: x.getPolicyname(),
        properties: x.getProperties()?.toJavaScript() as Record<string, unknown> | undefined,
        diagnostic: x.getDiagnostic(),
    }));
}
