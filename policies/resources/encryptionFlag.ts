// The boolean `encryption` input of the OTC and Huawei OBS bucket objects, which turns SSE-KMS on.
import type { Encryption } from "../matrix";
import { describeValue, fieldOf, inputName, isUnknown } from "../values";
import type { Candidates, DeclaredAlgorithm } from "./types";

/**
 * A boolean `encryption` input that turns SSE-KMS on (the OTC and Huawei obs bucket objects).
 * Resource inputs arrive as real values; a string "true" is accepted since some SDKs send one.
 */
export function readEncryptionFlag(props: unknown, problems: string[]): boolean | "unknown" | "invalid" {
    const { value: v, sensitive } = fieldOf(props, "encryption");
    if (v === undefined || v === null || v === false || v === "false" || v === "") return false;
    if (v === true || v === "true") return true;
    if (isUnknown(v)) return "unknown";
    problems.push(`${inputName("encryption", sensitive)} must be a boolean, got ${describeValue(v, sensitive)}`);
    return "invalid";
}

/**
 * The object's encryption from its `encryption` flag, and the algorithm the flag sends (`kms` on the
 * native API, `aws:kms` in x-amz- headers). A malformed flag leaves no matrix row to apply.
 */
export function flaggedKms(props: unknown, sent: string, problems: string[]): { target: Candidates; algorithms: DeclaredAlgorithm[] } {
    const flag = readEncryptionFlag(props, problems);
    if (flag === true) return { target: { values: ["SSE-KMS"] }, algorithms: [{ field: "encryption", value: sent }] };
    if (flag === "unknown")
        return { target: { values: ["none", "SSE-KMS"] satisfies Encryption[], waitingOn: "encryption" }, algorithms: [] };
    return { target: { values: flag === false ? ["none"] : [] }, algorithms: [] };
}
