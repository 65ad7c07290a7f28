// Hand-made policies for tests that need what no real rule shows (a crash, a spy on its inputs).
import type { PackPolicyMeta } from "../../policies/policy";

/** A resource policy's metadata with nothing but its name, description, level and severity set. */
export function probeMeta(
    name: string,
    description: string,
    enforcementLevel: PackPolicyMeta["enforcementLevel"],
    severity: PackPolicyMeta["severity"] = "high",
): PackPolicyMeta {
    return {
        name,
        description,
        enforcementLevel,
        severity,
        tags: [],
        remediationSteps: "",
        url: "",
        configSchema: { properties: {} },
        reads: { kind: "resources" },
    };
}

/** A check or remediation that crashes with text that looks like a credential, which must never be shown. */
export const crashWithSecretText = (): never => {
    throw new Error("parse error near 'AKIAEXAMPLE:se'cret'");
};
