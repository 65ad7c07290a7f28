// Reading resource and provider properties as the policy SDK hands them over, without tripping
// over the parts that preview cannot know yet.
//
// The SDK wraps props in a proxy that throws on any unknown value; that would turn every policy
// into "can't run during preview". Readers here take the proxy's target instead and look for the
// engine's unknown sentinels themselves, so that a decision the known parts already settle is still
// made, and one that waits on an unknown says which field it waits on.
import { types } from "node:util";
import { isRecord, REDACTED_SECRET, SECRET_SIG, SIG_KEY, UNKNOWN_SENTINEL } from "./wireValues";

export { isRecord };

/**
 * The engine's sentinels for values that are unknown during preview (one per kind of value), as
 * `@pulumi/policy/proxy` defines them (test/sdk.test.ts pins them to the installed SDK).
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set(Object.values(UNKNOWN_SENTINEL));

/** The keys the SDK's proxies answer with their target (undocumented; pinned by test/sdk.test.ts). */
export const PROXY_TARGET = "__getSpecialProxyTarget";
export const IS_PROXY = "__isSpecialProxy";

const { isProxy } = types;

/**
 * The core's own mark for a value its front end cannot know yet (a Terraform attribute known only
 * after apply): one frozen instance, read as unknown like the engine's sentinels.
 */
export class UnknownValue {
    private constructor() {
        Object.freeze(this);
    }
    static readonly instance = new UnknownValue();
}

export const UNKNOWN_VALUE: UnknownValue = UnknownValue.instance;

/**
 * A secret whose value the input does not hold: the engine's "[secret]" (a state read without its
 * secrets provider), or a stack export's ciphertext-only secret object. Unknown, never a value:
 * what it hides may be anything.
 */
export function isRedacted(value: unknown): boolean {
    if (typeof value === "string") return value === REDACTED_SECRET;
    return isRecord(value) && value[SIG_KEY] === SECRET_SIG && !("value" in value) && !("plaintext" in value);
}

export function isUnknown(value: unknown): boolean {
    if (typeof value === "string") return UNKNOWN_SENTINELS.has(value) || value === REDACTED_SECRET;
    return value === UNKNOWN_VALUE || isRedacted(value);
}

/**
 * The plain value behind the SDK's unknown-checking and secret-preserving proxies (which may nest).
 * Only a proxy is asked (a plain object's own fields named like the keys are data, never a target),
 * and each level once: both of the SDK's proxies answer PROXY_TARGET before anything else, and a
 * proxy whose answer is not an object is left as it is.
 */
function peelProxies(value: unknown): unknown {
    let v = value;
    for (let i = 0; i < 4 && typeof v === "object" && v !== null && isProxy(v); i++) {
        const target: unknown = (v as Record<string, unknown>)[PROXY_TARGET];
        if (typeof target !== "object" || target === null) break;
        v = target;
    }
    return v;
}

/**
 * The core's own mark for a sensitive value (a Terraform sensitive value): readers judge what it
 * wraps and show nothing derived from it. The policy SDK's `Secret` (a Pulumi secret) marks the
 * same; the pack's hook registers its class (`registerSensitiveClass`), and a `Secret` made by any
 * code that loaded the SDK is recognised as well, so the core itself never loads the SDK.
 */
export class Sensitive {
    constructor(readonly value: unknown) {
        Object.freeze(this);
    }
}

type SensitiveClass = abstract new (...args: never[]) => { readonly value: unknown };
const sensitiveClasses: SensitiveClass[] = [Sensitive];

/** Makes instances of `c` (the policy SDK's Secret) read as sensitive. Idempotent. */
export function registerSensitiveClass(c: SensitiveClass): void {
    if (!sensitiveClasses.includes(c)) sensitiveClasses.push(c);
}

/** Where the SDK's Secret class lives, for finding it once some code has loaded the SDK (never loading it here). */
let sdkPolicyModule: string | null | undefined;
function registerLoadedSdkSecret(): void {
    if (sdkPolicyModule === null) return;
    if (sdkPolicyModule === undefined) {
        try {
            sdkPolicyModule = require.resolve("@pulumi/policy/policy");
        } catch {
            sdkPolicyModule = null;
            return;
        }
    }
    const exported: unknown = require.cache[sdkPolicyModule]?.exports;
    const secret = isRecord(exported) ? exported.Secret : undefined;
    if (typeof secret === "function") {
        registerSensitiveClass(secret as SensitiveClass);
        sdkPolicyModule = null;
    }
}

/** Whether `v` wraps a sensitive value: the core's Sensitive, or the policy SDK's Secret. */
export function isSensitiveWrapper(v: unknown): v is { readonly value: unknown } {
    if (typeof v !== "object" || v === null) return false;
    if (sdkPolicyModule !== null) registerLoadedSdkSecret();
    for (const c of sensitiveClasses) if (v instanceof c) return true;
    return false;
}

/** `value` wrapped as `original` is (a Secret stays a Secret, a Sensitive a Sensitive). */
export function wrapSensitiveLike(original: { readonly value: unknown }, value: unknown): unknown {
    const make = original.constructor as new (value: unknown) => unknown;
    return new make(value);
}

/**
 * A value as the readers see it: proxies peeled and `Secret` wrappers removed, with `sensitive`
 * set when there was one. A sensitive value (a Pulumi secret, a Terraform sensitive value) is
 * judged as any other, but nothing derived from it (text, host, path, length) reaches a message.
 */
export interface Revealed {
    readonly value: unknown;
    readonly sensitive: boolean;
}

export function reveal(value: unknown): Revealed {
    // Neither proxied nor wrapped: every reader asks about every field.
    if (typeof value !== "object" || value === null) return { value, sensitive: false };
    let v = peelProxies(value);
    let sensitive = false;
    for (let i = 0; i < 8 && isSensitiveWrapper(v); i++) {
        sensitive = true;
        v = peelProxies(v.value);
    }
    return { value: v, sensitive };
}

/**
 * The plain object behind the SDK's proxies, or the value itself when it is not proxied, secrets
 * unwrapped. For structure only: readers of values that messages describe use `reveal`/`fieldOf`.
 */
export function unproxy(value: unknown): unknown {
    return reveal(value).value;
}

/**
 * A plain copy of nested data with every proxy peeled and every Secret wrapper removed (a document
 * read as a whole, such as a bucket policy), and whether any part was sensitive. Depth is bounded:
 * deeper parts are kept as they are.
 */
export function revealDeep(value: unknown, depth = 64): Revealed {
    const top = reveal(value);
    if (depth <= 0 || typeof top.value !== "object" || top.value === null) return top;
    let sensitive = top.sensitive;
    const walk = (v: unknown): unknown => {
        const inner = revealDeep(v, depth - 1);
        sensitive ||= inner.sensitive;
        return inner.value;
    };
    if (Array.isArray(top.value)) return { value: top.value.map(walk), sensitive };
    if (!isRecord(top.value)) return top;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(top.value))
        Object.defineProperty(copy, k, { value: walk(v), enumerable: true, writable: true, configurable: true });
    return { value: copy, sensitive };
}

/** The value at `key` of a props object (proxied, secret or not), and whether it (or `props`) is sensitive. */
export function fieldOf(props: unknown, key: string): Revealed {
    // Props already peeled (the assessment peels a resource's once for all of its reader's fields):
    // the field read directly, without revealing the props again.
    if (isRecord(props) && !isProxy(props) && !isSensitiveWrapper(props)) return reveal(props[key]);
    const obj = reveal(props);
    if (!isRecord(obj.value)) return { value: undefined, sensitive: obj.sensitive };
    const field = reveal(obj.value[key]);
    return field.sensitive || !obj.sensitive ? field : { value: field.value, sensitive: true };
}

/**
 * A property read, in the four states a policy must tell apart. `sensitive` marks a value (or a
 * problem) read from a sensitive input: messages name the input and say "(sensitive)", nothing more.
 */
export type Read<T> =
    | { readonly state: "absent" }
    | { readonly state: "unknown" }
    | { readonly state: "value"; readonly value: T; readonly sensitive?: true }
    | { readonly state: "invalid"; readonly problem: string; readonly sensitive?: true };

export const ABSENT: Read<never> = Object.freeze({ state: "absent" });
export const UNKNOWN: Read<never> = Object.freeze({ state: "unknown" });
export const valueOf = <T>(value: T, sensitive = false): Read<T> =>
    sensitive ? { state: "value", value, sensitive } : { state: "value", value };
export const invalid = (problem: string, sensitive = false): Read<never> =>
    sensitive ? { state: "invalid", problem, sensitive } : { state: "invalid", problem };

/** Whether a read came from a sensitive input. */
export function isSensitive(r: Read<unknown>): boolean {
    return (r.state === "value" || r.state === "invalid") && r.sensitive === true;
}

/** An input's name as messages give it: "endpoints[0].s3 (sensitive)" for a sensitive one. */
export function inputName(name: string, sensitive: boolean): string {
    return sensitive ? `${name} (sensitive)` : name;
}

/** The raw value at `key` of a props object (proxied or not), secrets unwrapped. */
export function rawField(props: unknown, key: string): unknown {
    return fieldOf(props, key).value;
}

/**
 * The most characters of a string input the readers take as a URL, a region or a JSON document:
 * longer text is reported as too long without being scanned, parsed or copied.
 */
export const MAX_URL_CHARACTERS = 64 * 1024;
export const MAX_JSON_CHARACTERS = 1024 * 1024;

/** "too long (70000 characters; at most 65536 are read)", or without the size for a sensitive input. */
export function tooLong(text: string, limit: number, sensitive: boolean): string {
    return sensitive ? `is too long (over ${limit} characters)` : `is too long (${text.length} characters; at most ${limit} are read)`;
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
export function describeValue(value: unknown, sensitive = false): string {
    if (sensitive) return describeSensitive(value);
    if (value === null) return "null";
    if (value === undefined) return "nothing";
    if (Array.isArray(value)) return `an array of ${value.length}`;
    if (typeof value === "object") return "an object";
    if (typeof value === "string") return `a string of ${characters(value)}`;
    if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
    return `a ${typeof value}`;
}

/** A sensitive value described by its kind only: no text, number, size or length. */
function describeSensitive(value: unknown): string {
    if (value === null || value === undefined) return "nothing";
    if (Array.isArray(value)) return "an array (sensitive)";
    return `${typeof value === "object" ? "an" : "a"} ${typeof value} (sensitive)`;
}

/** Reads an optional string field. */
export function readString(props: unknown, key: string): Read<string> {
    const { value: v, sensitive } = fieldOf(props, key);
    if (v === undefined || v === null || v === "") return ABSENT;
    if (isUnknown(v)) return UNKNOWN;
    if (typeof v !== "string")
        return invalid(`${inputName(key, sensitive)} must be a string, got ${describeValue(v, sensitive)}`, sensitive);
    return valueOf(v, sensitive);
}

/** True when the field is set at all, known or not (a computed key id still says "SSE-KMS"). */
export function isPresent(props: unknown, key: string): boolean {
    return isSet(rawField(props, key));
}

/** Whether a raw field value is set at all, known or not: not undefined, null or "". */
export function isSet(value: unknown): boolean {
    return value !== undefined && value !== null && value !== "";
}

/**
 * Reads a provider input that the Node.js SDK serializes as a JSON string (every non-string
 * provider input is). Accepts the already-parsed form too, since other SDKs and the engine's
 * default providers differ. `parse` narrows the parsed value or returns a problem.
 */
export function readJsonInput<T>(props: unknown, key: string, parse: (v: unknown, sensitive: boolean) => Read<T>): Read<T> {
    const { value: v, sensitive } = fieldOf(props, key);
    if (v === undefined || v === null || v === "") return ABSENT;
    if (isUnknown(v)) return UNKNOWN;
    if (typeof v !== "string") return parse(v, sensitive);
    // Not parsed at all beyond the limit: a huge input costs nothing but this message.
    if (v.length > MAX_JSON_CHARACTERS)
        return invalid(`${inputName(key, sensitive)} ${tooLong(v, MAX_JSON_CHARACTERS, sensitive)}`, sensitive);
    let parsed: unknown;
    try {
        parsed = JSON.parse(v);
    } catch {
        // A bare word such as `true` parses; anything else is not JSON at all.
        return invalid(sensitive ? `${inputName(key, true)} is not valid JSON` : `${key} is not valid JSON (${characters(v)})`, sensitive);
    }
    if (isUnknown(parsed)) return UNKNOWN;
    return parse(parsed, sensitive);
}

/** Parses a boolean provider input ("true", true, "false", false). */
export function readBooleanInput(props: unknown, key: string): Read<boolean> {
    return readJsonInput(props, key, (v, sensitive) => {
        if (typeof v === "boolean") return valueOf(v, sensitive);
        if (v === "true" || v === "false") return valueOf(v === "true", sensitive);
        return invalid(`${inputName(key, sensitive)} must be a boolean, got ${describeValue(v, sensitive)}`, sensitive);
    });
}
