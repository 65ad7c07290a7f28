// The encryption an object of the stack really ends up with: its own, or its bucket's default.
import type { Encryption } from "../matrix";
import { defaultEncryptionOf, type ObjectEntry } from "./view";
import { terms } from "../terms";

export type Effective =
    | { readonly kind: "own"; readonly encryption: Encryption }
    | { readonly kind: "inherited"; readonly encryption: "SSE-KMS" }
    | { readonly kind: "unknown"; readonly why: string };

/** The object's encryption after OBS applies its bucket's default encryption, where it can be told. */
export function effectiveEncryption(o: ObjectEntry): Effective {
    const own = o.plan.encryption ?? { values: [] };
    const single = own.values.length === 1 ? own.values[0] : undefined;
    if (single !== undefined && single !== "none") return { kind: "own", encryption: single };
    const bucketDefault = o.bucket.kind === "found" ? defaultEncryptionOf(o.bucket.entry) : "other";
    if (single === "none") {
        if (bucketDefault === "SSE-KMS") return { kind: "inherited", encryption: "SSE-KMS" };
        if (bucketDefault === "unknown")
            return { kind: "unknown", why: `its bucket's default encryption is unknown ${terms().unknownPhase}` };
        return { kind: "own", encryption: "none" };
    }
    if (own.values.length === 0) return { kind: "unknown", why: "it asks for an encryption OBS does not support" };
    // Several candidates: the own encryption is a computed attribute not known yet.
    if (bucketDefault === "SSE-KMS" && !own.values.includes("SSE-C")) return { kind: "inherited", encryption: "SSE-KMS" };
    return { kind: "unknown", why: `its ${own.waitingOn ?? "encryption"} is unknown ${terms().unknownPhase}` };
}
