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

/**
 * The engine's sentinels for values that are unknown during preview (one per kind of value), as
 * `@pulumi/policy/proxy` defines them (test/sdk.test.ts pins them to the installed SDK).
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set(Object.values(UNKNOWN_SENTINEL));

/** The keys the SDK's proxies answer with their target (undocumented; pinned by test/sdk.test.ts). */
export const PROXY_TARGET = "__getSpecialProxyTarget";
export const IS_PROXY = "__isSpecialProxy";

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

/** "1 character", "57 characters": the size of text messages describe instead of quoting. */
export function characters(text: string): string {
    return `${text.length} character${text.length === 1 ? "" : "s"}`;
}

const SCHEME_PREFIX = /^\s*[a-z][a-z0-9+.-]*:\/\//i;

/**
 * What of URL-ish text may carry credentials, removed: everything between the scheme's "://" (or
 * the start, without a scheme) and the last "@", whatever the characters, and the query and
 * fragment. When a "?" or "#" comes before the last "@", nothing after the scheme is kept: the
 * "@" may sit inside a query value, so no part of the rest can be told safe.
 */
export function redact(text: string): string {
    const scheme = SCHEME_PREFIX.exec(text)?.[0] ?? "";
    let rest = text.slice(scheme.length);
    const at = rest.lastIndexOf("@");
    if (at >= 0) {
        if (/[?#]/.test(rest.slice(0, at))) return scheme;
        rest = rest.slice(at + 1);
    }
    return scheme + rest.replace(/[?#][\s\S]*$/, "");
}

/**
 * The host named by endpoint-ish text the pack could not parse, by a strict scan of what
 * `redact` leaves: letters, digits, dots and hyphens right after the scheme (or a bracketed IPv6
 * address), 253 at most. Undefined when nothing there looks like a host.
 */
export function visibleHost(text: string): string | undefined {
    const safe = redact(text);
    const rest = safe.slice(SCHEME_PREFIX.exec(safe)?.[0].length ?? 0);
    // At most the 253 characters a DNS name can have: a longer run is not a host.
    const host = /^(?:[a-z0-9.-]{1,253}|\[[0-9a-f:.]{2,45}\])(?![a-z0-9.-])/i.exec(rest)?.[0];
    return host?.toLowerCase();
}

/**
 * How messages describe text the pack could not parse: its length and at most the host a strict
 * scan finds in it, never the text itself (credentials hide in malformed endpoints and JSON).
 */
export function describeUnparsed(text: string): string {
    const host = visibleHost(text);
    return `${characters(text)}${host ? `, host ${host}` : ""}`;
}

/**
 * Short, safe rendering of a value for messages: its type and size. Strings are never echoed: a
 * value of the wrong type or form may be a credential pasted into the wrong input.
 */
export function describeValue(value: unknown): string {
    if (value === null) return "null";
    if (value === undefined) return "nothing";
    if (Array.isArray(value)) return `an array of ${value.length}`;
    if (typeof value === "object") return "an object";
    if (typeof value === "string") return `a string of ${characters(value)}`;
    if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
    return `a ${typeof value}`;
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
        return invalid(`${key} is not valid JSON (${characters(v)})`);
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
