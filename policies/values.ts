// Reading resource and provider properties as the policy SDK hands them over, without tripping
// over the parts that preview cannot know yet.
//
// The SDK wraps props in a proxy that throws on any unknown value; that would turn every policy
// into "can't run during preview". Readers here take the proxy's target instead and look for the
// engine's unknown sentinels themselves, so that a decision the known parts already settle is still
// made, and one that waits on an unknown says which field it waits on.
import { Secret } from "@pulumi/policy";
import { isRecord, UNKNOWN_SENTINEL } from "./wireValues";

export { isRecord };

const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set(Object.values(UNKNOWN_SENTINEL));

const PROXY_TARGET = "__getSpecialProxyTarget";
const IS_PROXY = "__isSpecialProxy";

export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/**
 * The plain object behind the SDK's unknown-checking (or secret-preserving) proxy, or the value
 * itself when it is not proxied. Secrets that the Remediate call wraps are unwrapped on read.
 */
export function unproxy(value: unknown): unknown {
    let v = value;
    // Proxies may nest (secret-preserving inside unknown-checking); peel them all.
    for (let i = 0; i < 4 && typeof v === "object" && v !== null; i++) {
        const target = (v as Record<string, unknown>)[IS_PROXY] === true ? (v as Record<string, unknown>)[PROXY_TARGET] : undefined;
        if (target === undefined) break;
        v = target;
    }
    return v instanceof Secret ? unproxy(v.value) : v;
}

/** A property read, in the four states a policy must tell apart. */
export type Read<T> =
    | { readonly state: "absent" }
    | { readonly state: "unknown" }
    | { readonly state: "value"; readonly value: T }
    | { readonly state: "invalid"; readonly problem: string };

export const ABSENT: Read<never> = Object.freeze({ state: "absent" });
export const UNKNOWN: Read<never> = Object.freeze({ state: "unknown" });
export const valueOf = <T>(value: T): Read<T> => ({ state: "value", value });
export const invalid = (problem: string): Read<never> => ({ state: "invalid", problem });

/** The raw value at `key` of a props object (proxied or not), secrets unwrapped. */
export function rawField(props: unknown, key: string): unknown {
    const obj = unproxy(props);
    if (!isRecord(obj)) return undefined;
    return unproxy(obj[key]);
}

/**
 * Removes what could carry credentials from text bound for a message: the user info of URLs
 * (`https://AK:SK@host`) and query strings (presigned `X-Amz-Credential=…`).
 */
export function redact(text: string): string {
    return text
        // Greedy to the last "@" of the token: secrets may hold "/" or "@" themselves.
        .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s"'\\]*@/gi, "$1")
        .replace(/^[^\s"'\\]*@/, "")
        .replace(/\?[^\s"'\\#]*/g, "?...");
}

/** Short, safe rendering of a value for messages: type and a clipped, redacted text, never whole blobs. */
export function describeValue(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return `an array of ${value.length}`;
    if (typeof value === "object") return "an object";
    if (typeof value === "string") {
        const safe = redact(value);
        const clipped = safe.length > 60 ? `${safe.slice(0, 57)}...` : safe;
        return JSON.stringify(clipped);
    }
    return `${typeof value} ${String(value)}`;
}

/** Reads an optional string field. */
export function readString(props: unknown, key: string): Read<string> {
    const v = rawField(props, key);
    if (v === undefined || v === null || v === "") return ABSENT;
    if (isUnknown(v)) return UNKNOWN;
    if (typeof v !== "string") return invalid(`${key} must be a string, got ${describeValue(v)}`);
    return valueOf(v);
}

/** True when the field is set at all, known or not (a computed key id still says "SSE-KMS"). */
export function isPresent(props: unknown, key: string): boolean {
    const v = rawField(props, key);
    return v !== undefined && v !== null && v !== "";
}

/**
 * Reads a provider input that the Node.js SDK serializes as a JSON string (every non-string
 * provider input is). Accepts the already-parsed form too, since other SDKs and the engine's
 * default providers differ. `parse` narrows the parsed value or returns a problem.
 */
export function readJsonInput<T>(props: unknown, key: string, parse: (v: unknown) => Read<T>): Read<T> {
    const v = rawField(props, key);
    if (v === undefined || v === null || v === "") return ABSENT;
    if (isUnknown(v)) return UNKNOWN;
    if (typeof v !== "string") return parse(v);
    let parsed: unknown;
    try {
        parsed = JSON.parse(v);
    } catch {
        // A bare word such as `true` parses; anything else is not JSON at all.
        return invalid(`${key} is not valid JSON: ${describeValue(v)}`);
    }
    if (isUnknown(parsed)) return UNKNOWN;
    return parse(parsed);
}

/** Parses a boolean provider input ("true", true, "false", false). */
export function readBooleanInput(props: unknown, key: string): Read<boolean> {
    return readJsonInput(props, key, (v) => {
        if (typeof v === "boolean") return valueOf(v);
        if (v === "true" || v === "false") return valueOf(v === "true");
        return invalid(`${key} must be a boolean, got ${describeValue(v)}`);
    });
}
