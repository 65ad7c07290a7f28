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
