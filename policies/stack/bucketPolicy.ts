// Reading bucket policy documents: `BucketPolicy.policy` (and a bucket's inline `policy`) arrive
// as a JSON string or as an object, and are unknown during preview when built from outputs.
import { characters, describeValue, invalid, isRecord, isUnknown, unproxy, UNKNOWN, valueOf, type Read } from "../values";

export function parsePolicyDocument(raw: unknown): Read<Record<string, unknown>> {
    const doc = unproxy(raw);
    if (isUnknown(doc)) return UNKNOWN;
    if (typeof doc === "string") {
        let parsed: unknown;
        try {
            parsed = JSON.parse(doc);
        } catch {
            return invalid(`policy is not valid JSON (${characters(doc)})`);
        }
        return isRecord(parsed) ? valueOf(parsed) : invalid(`policy must be a JSON object, got ${describeValue(parsed)}`);
    }
    return isRecord(doc) ? valueOf(doc) : invalid(`policy must be a JSON string or an object, got ${describeValue(doc)}`);
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function isFalse(v: unknown): boolean {
    return asList(v).some((x) => x === false || (typeof x === "string" && x.toLowerCase() === "false"));
}

/** True when a statement denies requests whose aws:SecureTransport is false (plain HTTP). */
export function deniesInsecureTransport(doc: Record<string, unknown>): boolean {
    return asList(doc.Statement).some((st) => {
        if (!isRecord(st) || typeof st.Effect !== "string" || st.Effect.toLowerCase() !== "deny") return false;
        if (!isRecord(st.Condition)) return false;
        return Object.values(st.Condition).some((block) =>
            isRecord(block) && Object.entries(block).some(([k, v]) => k.toLowerCase() === "aws:securetransport" && isFalse(v)));
    });
}

/** A statement to add, for messages. */
export function secureTransportStatement(bucketName: string): string {
    return JSON.stringify({
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
}
