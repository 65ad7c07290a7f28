// Policy options shared by the pack's policies: their JSON schemas (sent to the engine, which
// validates user config against them) and guarded readers (policies never trust config blindly:
// unit tests and older engines hand config over unvalidated).
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { EDITIONS, SIGNATURES, type Edition, type Signature, isEdition } from "./matrix";
import { describeValue, isRecord } from "./values";

/**
 * A policy option's value as its problem message shows it. Options are written by whoever
 * configures the pack, not read from the stack, so a short word ("aws", "V3") is quoted to help;
 * anything longer or odder is only described, like stack inputs.
 */
function shownOption(value: unknown): string {
    return typeof value === "string" && /^[A-Za-z0-9:._*-]{1,40}$/.test(value) ? `"${value}"` : describeValue(value);
}

export const OBS_HOSTS_SCHEMA: PolicyConfigJSONSchema = {
    type: "array",
    items: { type: "string", minLength: 1 },
    default: [],
    description: "Extra endpoint hosts to treat as OBS (gateways, private endpoints): exact host names, or '*.example.com' for any subdomain.",
};

export const EDITION_SCHEMA: PolicyConfigJSONSchema = {
    type: "string",
    enum: [...EDITIONS],
    description: "Force the matrix edition that judges the transfer protocol, instead of the table the host's cloud publishes for the provider's API: otc-s3 (OTC S3-compatible API), otc-obs (OTC native API), huawei-obs (Huawei Cloud). V2/V4 signatures are judged by otc-s3, the only table with a signature column; forcing otc-s3 also judges the V2 object requests of huaweicloud providers, which otherwise have no signature rule.",
};

export const PROVIDER_SIGNATURES_SCHEMA: PolicyConfigJSONSchema = {
    type: "object",
    additionalProperties: { type: "string", enum: [...SIGNATURES] },
    default: {},
    description: "Signature each provider really sends, by provider name, URN or type (e.g. pulumi:providers:aws): V2, V4 or OBS. For gateways and providers the pack cannot infer.",
};

/** Options of every policy that decides whether a provider is in OBS scope. */
export const SCOPE_SCHEMA_PROPERTIES = { obsHosts: OBS_HOSTS_SCHEMA, edition: EDITION_SCHEMA };

export interface ScopeConfig {
    readonly obsHosts: readonly string[];
    readonly edition?: Edition;
}

export interface ConfigReading<T> {
    readonly value: T;
    /** Options that were malformed and ignored, each message naming the option. */
    readonly problems: readonly string[];
}

/**
 * The scope options of a policy's config. Read afresh on every call: it costs less than building
 * a cache key would (BENCHMARKS.md), and the SDK hands each call a new config object anyway.
 */
export function readScopeConfig(config: unknown): ConfigReading<ScopeConfig> {
    return parseScopeConfig(isRecord(config) ? config : {});
}

function parseScopeConfig(c: Record<string, unknown>): ConfigReading<ScopeConfig> {
    const problems: string[] = [];
    let obsHosts: string[] = [];
    if (c.obsHosts !== undefined) {
        if (Array.isArray(c.obsHosts) && c.obsHosts.every((h): h is string => typeof h === "string" && h.trim() !== "")) {
            obsHosts = c.obsHosts;
        } else {
            problems.push(`policy option obsHosts must be a list of host names, got ${shownOption(c.obsHosts)}; it was ignored`);
        }
    }
    let edition: Edition | undefined;
    if (c.edition !== undefined) {
        if (isEdition(c.edition)) edition = c.edition;
        else problems.push(`policy option edition must be one of ${EDITIONS.join(", ")}, got ${shownOption(c.edition)}; it was ignored`);
    }
    return { value: { obsHosts, edition }, problems };
}

export function readProviderSignatures(config: unknown): ConfigReading<ReadonlyMap<string, Signature>> {
    const problems: string[] = [];
    const map = new Map<string, Signature>();
    const raw = isRecord(config) ? config.providerSignatures : undefined;
    if (raw !== undefined) {
        if (!isRecord(raw)) {
            problems.push(`policy option providerSignatures must be a map of provider name, URN or type to V2, V4 or OBS, got ${shownOption(raw)}; it was ignored`);
        } else {
            for (const [k, v] of Object.entries(raw)) {
                if (typeof v === "string" && (SIGNATURES as readonly string[]).includes(v)) map.set(k, v as Signature);
                else problems.push(`policy option providerSignatures["${k}"] must be V2, V4 or OBS, got ${shownOption(v)}; it was ignored`);
            }
        }
    }
    return { value: map, problems };
}
