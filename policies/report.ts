// Wording shared by the policies' messages. Messages name the resource, the OBS interface, the
// matrix table and row, the endpoint seen (scheme, host and path only) and the fix. They never
// include provider credentials or SSE-C key material: only input names, never their values.
import type { ResourceInput } from "./assess";
import type { Fix, JudgedCall } from "./finding";
import { judgedCalls, type Breach, type Judgement } from "./judge";
import type { Protocol, Signature } from "./matrix";
import { describeRequirement, type Encryption } from "./matrix";
import { obsHostOfRegion } from "./obsHosts";
import type { EndpointReading } from "./endpoint";
import type { ProviderSettings } from "./providers";
import { printable } from "./printable";
import { terms } from "./terms";
import type { InterfaceCall } from "./resources";
import { packageOf } from "./wireValues";

/** A resource as messages name it, in the terms in force (`<type> "<name>"` for the pack, the address for a plan). */
export function resourceLabel(r: ResourceInput): string {
    return terms().subject(r);
}

/**
 * The names the engine gives the default providers it builds from a package's stack config: "default",
 * or "default" followed by the requested version as "_major_minor_patch", each pre-release and build
 * identifier as "_id", and a plugin download URL made into a name ("https://x/y" becomes "https_/x/y").
 * Any other name (a user's provider called "default_prod") is an explicit provider.
 */
const DEFAULT_PROVIDER_NAME =
    /^default(?:_(?:0|[1-9]\d*)_(?:0|[1-9]\d*)_(?:0|[1-9]\d*)(?:_[0-9A-Za-z-]+)*)?(?:_[A-Za-z_.][A-Za-z0-9_.-]*_\/[A-Za-z0-9_./-]*)?$/;

/** Default providers are built by the engine from the stack's `aws:*` config. */
export function isDefaultProvider(p: ProviderSettings): boolean {
    return DEFAULT_PROVIDER_NAME.test(p.name);
}

/**
 * The endpoint a fix suggests: the https:// form of the OBS host the provider names, else of the
 * OBS host of its configured region, else a pattern to fill in.
 */
export function suggestedEndpoint(p: ProviderSettings, host?: string): string {
    const named = host ?? (p.region !== undefined ? obsHostOfRegion(p.region) : undefined);
    return named !== undefined
        ? `https://${named}`
        : "https://obs.<region>.otc.t-systems.com (Open Telekom Cloud) or https://obs.<region>.myhuaweicloud.com (Huawei Cloud)";
}

/** The provider's package ("aws", "huaweicloud"), as stack config keys and messages name it. */
function packageLabel(p: ProviderSettings): string {
    return printable(packageOf(p.type));
}

export function providerLabel(p: ProviderSettings): string {
    if (p.label !== undefined) return p.label;
    const pkg = packageLabel(p);
    const name = printable(p.name);
    return isDefaultProvider(p) ? `the default ${pkg} provider "${name}" [stack config ${pkg}:*]` : `${pkg} provider "${name}"`;
}

// endpointName is defined with the provider settings it reads; here for the rules that import it from here.
export { endpointName } from "./providers";

/** An endpoint field that is an input path ("endpoints[0].s3", "endpoints.obs"), not a description. */
const INPUT_PATH = /^([A-Za-z][A-Za-z0-9]*)(?:\[\d*\])?(?:\.([A-Za-z0-9]+))?$/;

/** Whether the provider's endpoint is one URL-valued entry of a map input ("endpoints[0].s3"), which a fix can name. */
export function endpointIsMapEntry(p: ProviderSettings): boolean {
    return INPUT_PATH.exec(p.endpointField)?.[2] !== undefined;
}

/** Where the endpoint is set, phrased for a fix: an explicit provider's input or a config key. */
export function endpointInput(p: ProviderSettings): string {
    const pkg = packageLabel(p);
    const path = INPUT_PATH.exec(p.endpointField);
    if (p.label !== undefined) return `${p.endpointField} of ${p.label}`;
    if (!isDefaultProvider(p)) return `${p.endpointField} of provider "${printable(p.name)}"`;
    // A default provider is configured by stack config; an endpoint that no single input holds is named as the reader describes it.
    return path ? `the ${path[2] ?? "s3"} entry of stack config ${pkg}:${path[1]}` : `${p.endpointField} of ${providerLabel(p)}`;
}

/** The https:// form of an endpoint as messages show it (the fix the messages suggest). */
export function httpsFormOf(shown: string): string {
    return shown.replace(/^http:/, "https:").replace(/^(https:\/\/[^/]*):80(?=\/|$)/, "$1");
}

/**
 * The https:// endpoint a fix suggests for a provider's endpoint: its own https:// form, or for a
 * sensitive endpoint (whose host and path are never shown) the OBS host of the provider's region,
 * else a pattern.
 */
export function httpsEndpointFor(p: ProviderSettings, endpoint: Extract<EndpointReading, { kind: "url" }>): string {
    if (endpoint.sensitive) return suggestedEndpoint(p);
    // A path shown only in part cannot be written out whole: say what to change instead.
    return endpoint.shown.includes("... (a path of ") ? "the same URL with https:// in place of http://" : httpsFormOf(endpoint.shown);
}

/** The endpoint as a message's "Endpoint seen:" line gives it: "endpoints[0].s3 (sensitive) is an http:// URL" for a sensitive one. */
export function endpointSeen(endpoint: Extract<EndpointReading, { kind: "url" }>): string {
    return endpoint.sensitive ? `${endpoint.shown} is an ${endpoint.protocol.toLowerCase()}:// URL` : endpoint.shown;
}

function encryptionWord(e: Encryption): string {
    return e === "none" ? "unencrypted" : `${e}-encrypted`;
}

/** "PUT Object - Copy (create/update, via CopyObject) from an SSE-C-encrypted object to an SSE-KMS-encrypted object" */
export function describeCall(b: Breach): string {
    const what = b.call.iface === "Upload Part" || b.call.iface === "Upload Part - Copy" ? "part" : "object";
    const from =
        b.sources && b.sources.length > 1
            ? `from a source object whose encryption is unknown to the pack (${b.sources.map((s) => encryptionWord(s.encryption)).join(" or ")}; each breaks its row)`
            : b.source !== undefined
              ? `from an ${encryptionWord(b.source)} object`
              : undefined;
    // Every encryption word starts with a vowel sound ("unencrypted", "SSE-…"), so "an" fits all.
    const into = from !== undefined ? `${from} to an ${encryptionWord(b.target)} ${what}` : `on an ${encryptionWord(b.target)} ${what}`;
    return `${b.call.iface} (${b.call.when}) ${into}`;
}

export function citeRow(b: Breach): string {
    if (b.sources && b.sources.length > 1)
        return b.sources.map((s) => `${describeRequirement(s.requirement)} (for an ${encryptionWord(s.encryption)} source)`).join("; ");
    return describeRequirement(b.requirement);
}

/** A bulleted list, one line per item. */
export function bullets(lines: readonly string[]): string {
    return lines.map((l) => `  - ${l}`).join("\n");
}

/**
 * Bullets for calls, where the calls of alternative paths (an upload whose body size is unknown)
 * are grouped under the condition that picks them: "may call", not "calls".
 */
export function callBullets<C extends { readonly call: InterfaceCall }>(items: readonly C[], line: (item: C) => string): string {
    const always = items.filter((i) => i.call.path === undefined).map(line);
    const byPath = new Map<string, string[]>();
    for (const i of items) if (i.call.path !== undefined) byPath.set(i.call.path, [...(byPath.get(i.call.path) ?? []), line(i)]);
    const grouped = [...byPath].map(
        ([path, lines]) => `${path} (its size is unknown to the pack), it may call:\n${lines.map((l) => `      - ${l}`).join("\n")}`,
    );
    return bullets([...always, ...grouped]);
}

/**
 * Whether some of these breaches happen whatever path the resource takes: a breach on a call
 * every path makes, or breaches on every path of `calls`.
 */
export function breachIsCertain(breaches: readonly Breach[], calls: readonly InterfaceCall[]): boolean {
    if (breaches.some((b) => b.call.path === undefined)) return true;
    const paths = new Set(calls.flatMap((c) => (c.path === undefined ? [] : [c.path])));
    return paths.size > 0 && [...paths].every((p) => breaches.some((b) => b.call.path === p));
}

/**
 * One advisory finding per unknown input that a decision waits on, listing the calls that would
 * break their rows if the input turns out as feared.
 */
export function waitingFindings(
    label: string,
    check: string,
    waiting: Judgement["waiting"],
    seen = "",
    how: { readonly protocol: Protocol | "unknown"; readonly signature?: Signature; readonly cause?: string } = { protocol: "unknown" },
): Array<{ message: string; advisoryOnly: true; calls: JudgedCall[]; inputs: string[]; cause: string }> {
    const byInput = new Map<string, Breach[]>();
    for (const w of waiting) byInput.set(w.on, [...(byInput.get(w.on) ?? []), w.breach]);
    return [...byInput].map(([on, breaches]) => {
        const calls = judgedCalls(breaches, how);
        return {
            message:
                `${label}: ${terms().input(on)} is unknown ${terms().unknownPhase}, so the ${check} check waits for it. If it turns out as below, these calls break their rows:\n` +
                callBullets(breaches, (b) => `${describeCall(b)}: ${citeRow(b)}`) +
                (seen ? `\n${seen}` : ""),
            advisoryOnly: true,
            calls,
            inputs: [on],
            cause: causeOf(["waiting", how.cause, `rows:${rowsOf(calls)}`]),
        };
    });
}

/** The matrix rows judged calls cite, as a stable key ("otc-s3/1/1,otc-s3/2/3"). */
export function rowsOf(calls: readonly JudgedCall[]): string {
    return [...new Set(calls.flatMap((c) => (c.row ? [`${c.row.edition}/${c.row.table}/${c.row.row}`] : [])))].sort().join(",");
}

/** What a fix is, for a cause key: its kind and field, never its value (which may come from an input). */
export function fixKey(fix: Fix | undefined): string {
    return fix === undefined ? "none" : fix.kind === "advice" ? "advice" : `${fix.kind}:${fix.field}`;
}

/** A cause key from its parts (undefined parts left out). */
export function causeOf(parts: ReadonlyArray<string | undefined>): string {
    return parts.filter((p): p is string => p !== undefined).join("|");
}

/** A provider as cause keys name it: its type and URN (or Terraform address), never a value of its inputs. */
export function providerKey(p: ProviderSettings): string {
    return `provider:${p.urn}`;
}
