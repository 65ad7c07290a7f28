// Endpoint URLs, parsed with WHATWG URL. The scheme is the transfer protocol; nothing is guessed:
// an endpoint without a scheme, or one that does not parse, is read as such, with how it falls short.
import type { Protocol } from "./matrix";
import { normalizeHost } from "./obsHosts";
import { describeUnparsed, inputName, MAX_URL_CHARACTERS, tooLong } from "./values";

/**
 * How an endpoint was read. `sensitive` marks one read from a sensitive input: its `shown` then
 * names the input ("endpoints[0].s3 (sensitive)") and its `host` serves only to decide scope and
 * edition, never a message. `input`, on an invalid reading, names the input at fault when it is
 * not the endpoint itself (the OTC provider's authUrl), and `suggestion` what to set it to.
 */
export type EndpointReading =
    | { readonly kind: "url"; readonly shown: string; readonly protocol: Protocol; readonly host: string; readonly sensitive?: true }
    /**
     * Not usable as a URL. `host` is what the text seems to name, used only to decide scope and to suggest
     * a fix. `form` says how it falls short: no scheme at all, a scheme other than http(s), http(s) without
     * the "//" that introduces a host, or text that does not parse. `shown` describes the text without
     * quoting it: its length and at most a strictly scanned host.
     */
    | {
          readonly kind: "invalid";
          readonly form: EndpointFault;
          readonly shown: string;
          readonly problem: string;
          readonly host?: string | undefined;
          readonly sensitive?: true;
          readonly input?: string;
          readonly suggestion?: string;
      };

/** How an endpoint falls short; "refused" is an input the provider's own validation refuses (OTC endpointType). */
export type EndpointFault = "no-scheme" | "other-scheme" | "no-slashes" | "unparseable" | "refused";

/** The most characters of an endpoint's path that messages show. */
export const SHOWN_PATH_CHARACTERS = 200;

/** How the text of an endpoint is read: whether it is sensitive, and the input it comes from (for messages). */
export interface EndpointSource {
    readonly sensitive?: boolean;
    /** The input the text comes from, as messages name it ("endpoints[0].s3"). */
    readonly field?: string;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
/** "https:/host" or "https:host": a scheme without the "//" before the host. */
const SCHEME_WITHOUT_SLASHES = /^(https?):\/?(?!\/)/i;

/**
 * The endpoint as it is safe to show: scheme, host, port and path only. User info (which can hold
 * access keys), query and fragment are dropped.
 */
function shownUrl(url: URL): string {
    const path = url.pathname === "/" ? "" : url.pathname;
    // A path is shown up to a bounded prefix: it is the user's, and may be of any length.
    const bounded =
        path.length > SHOWN_PATH_CHARACTERS ? `${path.slice(0, SHOWN_PATH_CHARACTERS)}... (a path of ${path.length} characters)` : path;
    return `${url.protocol}//${url.host}${bounded}`;
}

/**
 * Whether an "@" comes after the authority (in the path, query or fragment). Then the text between
 * "://" and that "@" may be user info that a stray "/", "?" or "#" cut short, and the host a URL
 * parser finds there may be part of a credential: such an endpoint is not read.
 */
function hasStrayAt(afterScheme: string): boolean {
    const end = afterScheme.search(/[/?#\\]/);
    return end >= 0 && afterScheme.indexOf("@", end) >= 0;
}

function hostOf(text: string): string | undefined {
    if (hasStrayAt(text)) return undefined;
    try {
        const host = new URL(`https://${text}`).hostname;
        return host === "" ? undefined : normalizeHost(host);
    } catch {
        return undefined;
    }
}

/**
 * Parses an endpoint URL; the scheme must be http or https and must be written out. Text of a
 * sensitive input is judged the same, and then shown only by the name of its input: scheme-level
 * facts ("an http:// URL", "has no scheme") are all its messages say.
 */
export function parseEndpoint(text: string, source: EndpointSource = {}): EndpointReading {
    const reading = readEndpointText(text);
    if (!source.sensitive) return reading;
    const shown = inputName(source.field ?? "the endpoint", true);
    if (reading.kind === "url") return { ...reading, shown, sensitive: true };
    const problem =
        reading.form === "other-scheme"
            ? "uses a scheme other than http or https, the only ones OBS is reached over"
            : reading.form === "unparseable"
              ? "is not a URL the pack can read (its text is not shown)"
              : reading.problem;
    return { ...reading, shown, problem, sensitive: true };
}

function readEndpointText(text: string): EndpointReading {
    // Beyond the limit nothing is scanned or copied: no endpoint is that long.
    if (text.length > MAX_URL_CHARACTERS)
        return {
            kind: "invalid",
            form: "unparseable",
            shown: `${text.length} characters`,
            problem: tooLong(text, MAX_URL_CHARACTERS, false),
        };
    const trimmed = text.trim();
    const scheme = SCHEME.exec(trimmed);
    if (!scheme) {
        const half = SCHEME_WITHOUT_SLASHES.exec(trimmed);
        const halfScheme = half?.[1];
        if (half && halfScheme !== undefined) {
            return {
                kind: "invalid",
                form: "no-slashes",
                shown: describeUnparsed(trimmed),
                host: hostOf(trimmed.slice(half[0].length)),
                problem: `has "${halfScheme.toLowerCase()}:" without the "//" that introduces a host`,
            };
        }
        return {
            kind: "invalid",
            form: "no-scheme",
            shown: describeUnparsed(trimmed),
            host: hostOf(trimmed),
            problem: "has no scheme (http:// or https://)",
        };
    }
    if (hasStrayAt(trimmed.slice(scheme[0].length))) {
        return {
            kind: "invalid",
            form: "unparseable",
            shown: describeUnparsed(trimmed),
            problem: "has an @ after its host, so its host cannot be told apart from credentials in its user info",
        };
    }
    let url: URL;
    try {
        url = new URL(trimmed);
    } catch {
        return { kind: "invalid", form: "unparseable", shown: describeUnparsed(trimmed), problem: "is not a valid URL" };
    }
    const protocol = transferProtocolOf(url);
    if (!protocol) {
        return {
            kind: "invalid",
            form: "other-scheme",
            shown: shownUrl(url),
            host: url.hostname ? normalizeHost(url.hostname) : undefined,
            problem: `uses the scheme "${url.protocol.slice(0, -1)}", but OBS is reached over http or https only`,
        };
    }
    if (url.hostname === "") {
        return { kind: "invalid", form: "unparseable", shown: describeUnparsed(trimmed), problem: "has no host" };
    }
    return { kind: "url", shown: shownUrl(url), protocol, host: normalizeHost(url.hostname) };
}

/** The transfer protocol a URL's scheme selects, or undefined for schemes other than http(s). */
export function transferProtocolOf(url: URL): Protocol | undefined {
    switch (url.protocol) {
        case "https:":
            return "HTTPS";
        case "http:":
            return "HTTP";
        default:
            return undefined;
    }
}
