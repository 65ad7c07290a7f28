// Bucket policies in the OBS format (the native API's dialect, used by the opentelekomcloud obs*
// and huaweicloud bucket policies): principals are `{"ID": [...]}`, actions are bare names
// ("PutObject", "*"), resources are "<bucket>" and "<bucket>/<key pattern>", and the condition key
// for TLS is `SecureTransport` (OTC umn bucket_policy_parameters/conditions; obs-facts §9.4).
//
// A statement counts as refusing plain HTTP only when nothing narrows it: Deny, for everyone,
// for all actions (or at least object upload and download), on the bucket and all its objects,
// under Bool or BoolIfExists SecureTransport false and no other condition.
import { isRecord } from "../values";

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** OBS policy patterns take `*` and `?` wildcards; names compare case-insensitively. */
function globMatches(pattern: string, name: string): boolean {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "is");
    return re.test(name);
}

function covers(patterns: readonly unknown[], name: string): boolean {
    return patterns.some((p) => typeof p === "string" && globMatches(p.trim(), name));
}

/** `{"ID": "*"}` or `{"ID": ["*", ...]}`: every requester. */
function isEveryone(principal: unknown): boolean {
    if (!isRecord(principal)) return false;
    const ids = Object.entries(principal).find(([k]) => k.toLowerCase() === "id")?.[1];
    return asList(ids).some((id) => id === "*");
}

/** All actions, or at least uploading and downloading objects. */
function coversObjectTraffic(action: unknown): boolean {
    const patterns = asList(action);
    return covers(patterns, "PutObject") && covers(patterns, "GetObject");
}

/** The bucket itself and every object in it. Without a known name, any "<x>" with its "<x>/*" counts. */
function coversBucketAndObjects(resource: unknown, bucketName: string | undefined): boolean {
    const patterns = asList(resource);
    const names = bucketName !== undefined
        ? [bucketName]
        : patterns.filter((p): p is string => typeof p === "string" && !p.includes("/")).map((p) => p.trim());
    return names.some((name) => covers(patterns, name) && covers(patterns, `${name}/any-object-key`));
}

function isFalse(v: unknown): boolean {
    const values = asList(v);
    return values.length > 0 && values.every((x) => x === false || (typeof x === "string" && x.trim().toLowerCase() === "false"));
}

/** `{"Bool": {"SecureTransport": "false"}}` (or BoolIfExists), and nothing else narrowing the statement. */
function onlyInsecureTransport(condition: unknown): boolean {
    if (!isRecord(condition)) return false;
    const blocks = Object.entries(condition);
    if (blocks.length !== 1) return false;
    const [operator, block] = blocks[0];
    if (!["bool", "boolifexists"].includes(operator.toLowerCase()) || !isRecord(block)) return false;
    const keys = Object.entries(block);
    return keys.length === 1 && keys[0][0].toLowerCase() === "securetransport" && isFalse(keys[0][1]);
}

/** True when an OBS-format policy has a statement that refuses every plain-HTTP request to the bucket and its objects. */
export function obsDeniesInsecureTransport(doc: Record<string, unknown>, bucketName?: string): boolean {
    return asList(doc.Statement).some((st) =>
        isRecord(st) &&
        typeof st.Effect === "string" && st.Effect.toLowerCase() === "deny" &&
        st.NotPrincipal === undefined && st.NotAction === undefined && st.NotResource === undefined &&
        isEveryone(st.Principal) &&
        coversObjectTraffic(st.Action) &&
        coversBucketAndObjects(st.Resource, bucketName) &&
        onlyInsecureTransport(st.Condition));
}

/** The OBS-format statement to add, for messages. */
export function obsSecureTransportStatement(bucketName: string): string {
    return JSON.stringify({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: { ID: ["*"] },
        Action: ["*"],
        Resource: [bucketName, `${bucketName}/*`],
        Condition: { Bool: { SecureTransport: ["false"] } },
    });
}
