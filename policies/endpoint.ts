// Endpoint URLs, parsed with WHATWG URL. The scheme is the transfer protocol; nothing is guessed:
// an endpoint without a scheme, or one that does not parse, is reported as such.
import type { Protocol } from "./matrix";
import { normalizeHost } from "./obsHosts";
import { redact } from "./values";

export type EndpointReading =
    | { readonly kind: "url"; readonly shown: string; readonly protocol: Protocol; readonly host: string }
    /** Not usable as a URL. `host` is what the text seems to name, used only to decide scope. */
    | { readonly kind: "invalid"; readonly shown: string; readonly problem: string; readonly host?: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * The endpoint as it is safe to show: scheme, host, port and path only. User info (which can hold
 * access keys), query and fragment are dropped.
 */
function shownUrl(url: URL): string {
    const path = url.pathname === "/" ? "" : url.pathname;
    return `${url.protocol}//${url.host}${path}`;
}

/** Clips unparseable text for messages and strips anything that looks like credentials. */
function shownText(text: string): string {
    const safe = redact(text);
    return safe.length > 100 ? `${safe.slice(0, 97)}...` : safe;
}

function hostOf(text: string): string | undefined {
    try {
        const host = new URL(`https://${text}`).hostname;
        return host === "" ? undefined : normalizeHost(host);
    } catch {
        return undefined;
    }
}

/** Parses an endpoint URL; the scheme must be http or https and must be written out. */
export function parseEndpoint(text: string): EndpointReading {
    const trimmed = text.trim();
    const scheme = SCHEME.exec(trimmed);
    if (!scheme) {
        return {
            kind: "invalid", shown: shownText(trimmed), host: hostOf(trimmed),
            problem: "has no scheme, so its transfer protocol cannot be told; write https:// in front of it",
        };
    }
    let url: URL;
    try {
        url = new URL(trimmed);
    } catch {
        return { kind: "invalid", shown: shownText(trimmed), problem: "is not a valid URL" };
    }
    const protocol = transferProtocolOf(url);
    if (!protocol) {
        return {
            kind: "invalid", shown: shownUrl(url), host: url.hostname ? normalizeHost(url.hostname) : undefined,
            problem: `uses the scheme "${url.protocol.slice(0, -1)}", but OBS is reached over http or https only`,
        };
    }
    if (url.hostname === "") {
        return { kind: "invalid", shown: shownText(trimmed), problem: "has no host" };
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
