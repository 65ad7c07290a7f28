// Reading bucket policy documents: `BucketPolicy.policy` (and a bucket's inline `policy`) arrive
// as a JSON string or as an object, and are unknown during preview when built from outputs.
import {
    characters,
    describeValue,
    inputName,
    invalid,
    isRecord,
    isUnknown,
    MAX_JSON_CHARACTERS,
    revealDeep,
    tooLong,
    UNKNOWN,
    valueOf,
    type Read,
} from "../values";

export function parsePolicyDocument(raw: unknown): Read<Record<string, unknown>> {
    // Read as a whole: secrets anywhere in it are unwrapped, and the document is then sensitive.
    const { value: doc, sensitive } = revealDeep(raw);
    const name = inputName("policy", sensitive);
    if (isUnknown(doc)) return UNKNOWN;
    if (typeof doc === "string") {
        if (doc.length > MAX_JSON_CHARACTERS) return invalid(`${name} ${tooLong(doc, MAX_JSON_CHARACTERS, sensitive)}`, sensitive);
        let parsed: unknown;
        try {
            parsed = JSON.parse(doc);
        } catch {
            return invalid(sensitive ? `${name} is not valid JSON` : `policy is not valid JSON (${characters(doc)})`, sensitive);
        }
        return isRecord(parsed)
            ? valueOf(parsed, sensitive)
            : invalid(`${name} must be a JSON object, got ${describeValue(parsed, sensitive)}`, sensitive);
    }
    return isRecord(doc)
        ? valueOf(doc, sensitive)
        : invalid(`${name} must be a JSON string or an object, got ${describeValue(doc, sensitive)}`, sensitive);
}
