// What the engine launched the pack for, and the terms its findings are worded in.
//
// For a deployment (`pulumi preview`, `pulumi up`) the engine starts the pack with its stack
// options: ConfigureStack, and PULUMI_DRY_RUN (with PULUMI_NODEJS_DRY_RUN for a Node.js pack) in
// its environment, set to "true" or "false" but always set (pulumi/pulumi analyzer_plugin.go
// constructEnv, since 2019). `pulumi policy analyze` loads the pack with no options at all: no
// ConfigureStack, no PULUMI_* variables (pkg/cmd/pulumi/policy/policy_analyze.go passes nil), and
// sends the resources of a state. The dry-run flag cannot tell the two apart, as analyze sends
// every Analyze call as a dry run; the variable's absence can.
import type { ReportViolation, ResourceValidation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { validationUnderTerms, type PackPolicy } from "./policy";
import { callWithTerms, PULUMI_STATE_TERMS, PULUMI_TERMS, withTerms, type Terms } from "./terms";

export type PackMode = "deployment" | "state";

/** The pack's mode from its environment: "state" when the engine set no dry-run variable. */
export function packModeOf(env: Readonly<Record<string, string | undefined>>): PackMode {
    return env.PULUMI_DRY_RUN === undefined && env.PULUMI_NODEJS_DRY_RUN === undefined ? "state" : "deployment";
}

/** The pack's terms in each mode. */
export function packTermsOf(mode: PackMode): Terms {
    return mode === "state" ? PULUMI_STATE_TERMS : PULUMI_TERMS;
}

/** `policy`, with every call the SDK makes to it run under `t`. */
export function inTerms(policy: PackPolicy, t: Terms): PackPolicy {
    if ("checkStack" in policy) {
        const validate = policy.validateStack;
        return {
            ...policy,
            validateStack: (args: StackValidationArgs, report: ReportViolation) => callWithTerms(t, validate, args, report),
        };
    }
    const under =
        (v: ResourceValidation): ResourceValidation =>
        (args: ResourceValidationArgs, report: ReportViolation) =>
            callWithTerms(t, v, args, report);
    const validate = policy.validateResource;
    const remediate = policy.remediateResource;
    // A policy built by resourcePolicy puts the terms in force itself, in the frame the SDK calls.
    const ownValidation = typeof validate === "function" ? validationUnderTerms(validate, t) : undefined;
    return {
        ...policy,
        ...(ownValidation !== undefined
            ? { validateResource: ownValidation }
            : validate !== undefined && { validateResource: Array.isArray(validate) ? validate.map(under) : under(validate) }),
        ...(remediate !== undefined && { remediateResource: (args: ResourceValidationArgs) => withTerms(t, () => remediate(args)) }),
    };
}
