// Rewriting a provider's own inputs for remediations, through the policy SDK's proxies: secrets stay
// Secret wrappers, and an input the Node.js SDK serialized as a JSON string stays a JSON string.
import { isRecord, isSensitiveWrapper, rawField, wrapSensitiveLike } from "../values";

/**
 * The https:// form of an http:// endpoint, or undefined when there is no safe one: the scheme
 * changes and an explicit :80 goes, but another explicit port belongs to something (a gateway)
 * whose TLS port the pack cannot know.
 */
export function httpsUrlOf(text: string): string | undefined {
    const m = /^(\s*)http:\/\/([^/?#]*)(.*)$/is.exec(text);
    const [, lead, authority, rest] = m ?? [];
    if (lead === undefined || authority === undefined || rest === undefined) return undefined;
    const port = /:(\d*)$/.exec(authority.replace(/^.*@/, "").replace(/^\[[^\]]*\]/, ""));
    if (port && port[1] !== "" && port[1] !== "80") return undefined;
    return `${lead}https://${port ? authority.slice(0, authority.length - port[0].length) : authority}${rest}`;
}

/** A deep copy of plain data that keeps the policy SDK's Secret wrappers as they are. */
export function copyKeepingSecrets(v: unknown): unknown {
    if (isSensitiveWrapper(v)) return wrapSensitiveLike(v, copyKeepingSecrets(v.value));
    if (Array.isArray(v)) return v.map(copyKeepingSecrets);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyKeepingSecrets(x)]));
    return v;
}

/**
 * Applies `edit` to a copy of the JSON input `key` (a JSON string or the object form) and writes it
 * back in the same form when `edit` changed something. An input that does not parse is left alone:
 * the policy reports it.
 */
export function rewriteJsonInput(props: Record<string, unknown>, key: string, edit: (parsed: unknown) => boolean): boolean {
    const raw = rawField(props, key);
    let parsed: unknown;
    try {
        // The object form may hold secrets (Remediate wraps them): copy it keeping them.
        parsed = typeof raw === "string" ? JSON.parse(raw) : copyKeepingSecrets(raw);
    } catch {
        return false;
    }
    if (!edit(parsed)) return false;
    props[key] = typeof raw === "string" ? JSON.stringify(parsed) : parsed;
    return true;
}

/** Upgrades the http:// URL at `map[field]` (plain or a Secret) to https://, keeping its secrecy. */
export function upgradeUrlField(map: Record<string, unknown>, field: string): boolean {
    const original: unknown = map[field];
    const secret = isSensitiveWrapper(original);
    const value = secret ? original.value : original;
    if (typeof value !== "string") return false;
    const upgraded = httpsUrlOf(value);
    if (upgraded === undefined) return false;
    map[field] = secret ? wrapSensitiveLike(original, upgraded) : upgraded;
    return true;
}
