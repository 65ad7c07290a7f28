// Policy options shared by the pack's policies: their JSON schemas (sent to the engine, which
// validates user config against them) and guarded readers (policies never trust config blindly:
// unit tests and older engines hand config over unvalidated).
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { EDITIONS, SIGNATURES, type Edition, type Signature, isEdition } from "./matrix";
import { describeConfigValue, shownName } from "./configErrors";
import { isRecord } from "./values";

/**
 * What an `obsHosts` entry must look like to ever match an endpoint's host: a host name (letters,
 * digits, "-", "_", dots, an optional trailing dot) with an optional "*." prefix, or an IPv6
 * address with or without brackets; spaces around it are trimmed. A URL, a port or a path never
 * matches, so the schema refuses them rather than let the host fall out of scope unnoticed.
 * Written for both JSON-schema engines that read it: ECMAScript (ajv) and RE2 (the Pulumi engine).
 */
export const OBS_HOST_PATTERN =
    "^\\s*(?:(?:\\*\\.)?(?:[A-Za-z0-9_-]+\\.)*[A-Za-z0-9_-]+\\.?|\\[?[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*\\]?)\\s*$";
const OBS_HOST = new RegExp(OBS_HOST_PATTERN, "u");

/** What OBS_HOST_PATTERN means, for messages. */
export const OBS_HOST_MEANING = "a host name such as obs.example.com or *.example.com, without scheme, port or path";

/** A policy option's value as its problem message shows it: described, never quoted (it may be a credential). */
function shownOption(value: unknown): string {
    return describeConfigValue(value);
}

/** An option's own value: never one inherited from Object.prototype. */
function ownOption(config: Readonly<Record<string, unknown>>, name: string): unknown {
    return Object.prototype.hasOwnProperty.call(config, name) ? config[name] : undefined;
}

/** Whether `record` has a key of its own: for an empty map, without a list of its keys. */
function hasOwnKey(record: Readonly<Record<string, unknown>>): boolean {
    for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) return true;
    return false;
}

export const OBS_HOSTS_SCHEMA: PolicyConfigJSONSchema = {
    type: "array",
    items: { type: "string", minLength: 1, pattern: OBS_HOST_PATTERN },
    default: [],
    description:
        "Extra endpoint hosts to treat as OBS (gateways, private endpoints): exact host names, or '*.example.com' for any subdomain.",
};

export const EDITION_SCHEMA: PolicyConfigJSONSchema = {
    type: "string",
    enum: [...EDITIONS],
    description:
        "Force the matrix edition that judges the transfer protocol, instead of the table the host's cloud publishes for the provider's API: otc-s3 (OTC S3-compatible API), otc-obs (OTC native API), huawei-obs (Huawei Cloud). V2/V4 signatures are judged by otc-s3, the only table with a signature column; forcing otc-s3 also judges the V2 object requests of huaweicloud providers, which otherwise have no signature rule.",
};

export const PROVIDER_SIGNATURES_SCHEMA: PolicyConfigJSONSchema = {
    type: "object",
    additionalProperties: { type: "string", enum: [...SIGNATURES] },
    default: {},
    description:
        "Signature each provider really sends, by provider name, URN or type (e.g. pulumi:providers:aws): V2, V4 or OBS. For gateways and providers the pack cannot infer.",
};

/** Options of every policy that decides whether a provider is in OBS scope. */
export const SCOPE_SCHEMA_PROPERTIES = { obsHosts: OBS_HOSTS_SCHEMA, edition: EDITION_SCHEMA };

export interface ScopeConfig {
    readonly obsHosts: readonly string[];
    readonly edition?: Edition | undefined;
}

export interface ConfigReading<T> {
    readonly value: T;
    /** Options that were malformed and ignored, each message naming the option. */
    readonly problems: readonly string[];
}

/** The reading of a config that sets no scope option (the most common), shared: readings are never changed. */
const DEFAULT_SCOPE: ConfigReading<ScopeConfig> = Object.freeze({
    value: Object.freeze({ obsHosts: Object.freeze([]) as readonly string[], edition: undefined }),
    problems: Object.freeze([]) as readonly string[],
});

/**
 * The scope options of a policy's config. Read afresh on every call: it costs less than building
 * a cache key would (BENCHMARKS.md), and the SDK hands each call a new config object anyway.
 */
export function readScopeConfig(config: unknown): ConfigReading<ScopeConfig> {
    if (!isRecord(config)) return DEFAULT_SCOPE;
    const listed = ownOption(config, "obsHosts");
    // No option, or only the schema's default (an empty list): the shared reading, nothing built.
    if ((listed === undefined || (Array.isArray(listed) && listed.length === 0)) && ownOption(config, "edition") === undefined)
        return DEFAULT_SCOPE;
    return parseScopeConfig(config);
}

function parseScopeConfig(c: Record<string, unknown>): ConfigReading<ScopeConfig> {
    const problems: string[] = [];
    let obsHosts: string[] = [];
    const listed = ownOption(c, "obsHosts");
    if (listed !== undefined) {
        if (Array.isArray(listed) && listed.every((h): h is string => typeof h === "string" && h.trim() !== "" && OBS_HOST.test(h))) {
            obsHosts = listed;
        } else {
            const entries: readonly unknown[] = Array.isArray(listed) ? listed : [];
            const bad = entries.findIndex((h) => typeof h !== "string" || h.trim() === "" || !OBS_HOST.test(h));
            problems.push(
                bad >= 0
                    ? `policy option obsHosts[${bad}] must be ${OBS_HOST_MEANING}, got ${shownOption(entries[bad])}; the list was ignored`
                    : `policy option obsHosts must be a list of host names, got ${shownOption(listed)}; it was ignored`,
            );
        }
    }
    let edition: Edition | undefined;
    const forced = ownOption(c, "edition");
    if (forced !== undefined) {
        if (isEdition(forced)) edition = forced;
        else problems.push(`policy option edition must be one of ${EDITIONS.join(", ")}, got ${shownOption(forced)}; it was ignored`);
    }
    return { value: { obsHosts, edition }, problems };
}

/** The reading of a config without providerSignatures (the most common), shared: readings are never changed. */
const NO_PROVIDER_SIGNATURES: ConfigReading<ReadonlyMap<string, Signature>> = Object.freeze({
    value: new Map<string, Signature>() as ReadonlyMap<string, Signature>,
    problems: Object.freeze([]) as readonly string[],
});

export function readProviderSignatures(config: unknown): ConfigReading<ReadonlyMap<string, Signature>> {
    const raw = isRecord(config) ? ownOption(config, "providerSignatures") : undefined;
    // Every resource of every request asks: no Map and no list for a config that sets nothing (or
    // only the schema's default, an empty map).
    if (raw === undefined || (isRecord(raw) && !hasOwnKey(raw))) return NO_PROVIDER_SIGNATURES;
    if (!isRecord(raw)) {
        return {
            value: new Map(),
            problems: [
                `policy option providerSignatures must be a map of provider name, URN or type to V2, V4 or OBS, got ${shownOption(raw)}; it was ignored`,
            ],
        };
    }
    const problems: string[] = [];
    const map = new Map<string, Signature>();
    for (const [k, v] of Object.entries(raw)) {
        if (typeof v === "string" && (SIGNATURES as readonly string[]).includes(v)) map.set(k, v as Signature);
        else
            problems.push(
                `policy option providerSignatures[${JSON.stringify(shownName(k))}] must be V2, V4 or OBS, got ${shownOption(v)}; it was ignored`,
            );
    }
    return { value: map, problems };
}
