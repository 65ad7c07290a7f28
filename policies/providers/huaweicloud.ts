// Reader for `pulumi:providers:huaweicloud` (pulumi-huaweicloud, or the Terraform provider through
// Pulumi's bridge; both use this provider type). Its OBS endpoint is `endpoints.obs` when set (a
// map input, so a JSON string from the Node SDK), else https://obs.<region>.<cloud>. Both of its
// OBS clients use the provider's HTTP client, so `insecure` reaches OBS.
// Sources: provider-schemas.md §2.2 (huaweicloud config.go, provider.go; chnsz obs SDK).
import { Secret } from "@pulumi/policy";
import type { ObsApi } from "../edition";
import { parseEndpoint, type EndpointReading } from "../endpoint";
import { ABSENT, UNKNOWN, describeValue, invalid, isRecord, isUnknown, rawField, readBooleanInput, readJsonInput, unproxy, valueOf, type Read } from "../values";
import { copyKeepingSecrets, httpsUrlOf } from "./aws";
import type { ProviderReader, ProviderRef, ProviderSettings } from "./types";

export const HUAWEI_PROVIDER_TYPE = "pulumi:providers:huaweicloud";

const DEFAULT_CLOUD = "myhuaweicloud.com";

/** The provider prepends https:// to endpoint values that do not start with http. */
function endpointUrl(text: string): EndpointReading {
    return parseEndpoint(/^\s*http/i.test(text) ? text : `https://${text.trim()}`);
}

/** `endpoints.obs`, absent when the map has no obs entry. */
function obsEntry(parsed: unknown): Read<EndpointReading> {
    const map = unproxy(parsed);
    if (!isRecord(map)) return invalid(`endpoints must be a map of service names to URLs, got ${describeValue(map)}`);
    const v = unproxy(map.obs);
    if (v === undefined || v === null || v === "") return ABSENT;
    if (isUnknown(v)) return UNKNOWN;
    if (typeof v !== "string") return invalid(`endpoints.obs must be a URL string, got ${describeValue(v)}`);
    return valueOf(endpointUrl(v));
}

function plainString(props: unknown, key: string): Read<string> {
    const v = rawField(props, key);
    if (v === undefined || v === null || v === "") return ABSENT;
    if (isUnknown(v)) return UNKNOWN;
    return typeof v === "string" ? valueOf(v.trim()) : invalid(`${key} must be a string, got ${describeValue(v)}`);
}

interface Found {
    readonly field: string;
    readonly endpoint: Read<EndpointReading>;
    readonly unknowable?: string;
}

function findEndpoint(props: unknown): Found {
    const explicit = readJsonInput(props, "endpoints", obsEntry);
    if (explicit.state !== "absent") return { field: "endpoints.obs", endpoint: explicit };
    const field = "region (the OBS endpoint is https://obs.<region>.<cloud>)";
    const region = plainString(props, "region");
    const cloud = plainString(props, "cloud");
    for (const r of [region, cloud]) if (r.state === "unknown" || r.state === "invalid") return { field, endpoint: r };
    if (region.state !== "value") return { field, endpoint: UNKNOWN, unknowable: "neither endpoints.obs nor region is set, so the region comes from the environment (HW_REGION_NAME)" };
    const domain = cloud.state === "value" ? cloud.value : DEFAULT_CLOUD;
    return { field, endpoint: valueOf(endpointUrl(`https://obs.${region.value}.${domain}`)) };
}

export const huaweicloudProviderReader: ProviderReader = {
    type: HUAWEI_PROVIDER_TYPE,
    inputs: ["endpoints", "region", "cloud", "insecure"],
    read(provider: ProviderRef, api?: ObsApi): ProviderSettings {
        const { field, endpoint, unknowable } = findEndpoint(provider.props);
        return {
            type: provider.type,
            urn: provider.urn,
            name: provider.name,
            endpointField: field,
            endpoint,
            ...(unknowable !== undefined && { endpointUnknowable: unknowable }),
            // Huawei Cloud publishes its SSE matrix once, for its OBS API and without a signature
            // column (there is no Huawei S3-API edition), so every request of this provider is
            // judged by huawei-obs, the V2-signed ones included.
            api: "obs",
            // Object requests go through the SDK's default client: V2-signed, x-amz- headers.
            // Bucket creation, encryption and OBS-format policies use the OBS signature.
            signature: api === "s3" ? "V2" : "OBS",
            insecure: readBooleanInput(provider.props, "insecure"),
            // No input selects path style: the OBS SDK addresses host names virtual-hosted.
            pathStyle: ABSENT,
        };
    },
    fixes: {
        upgradeEndpointToHttps(props: Record<string, unknown>): boolean {
            const raw = rawField(props, "endpoints");
            let parsed: unknown;
            try {
                // The object form may hold secrets (Remediate wraps them): copy it keeping them.
                parsed = typeof raw === "string" ? JSON.parse(raw) : copyKeepingSecrets(raw);
            } catch {
                return false; // unreadable: reported by the policy, not rewritten
            }
            const map = parsed instanceof Secret ? parsed.value : parsed;
            if (!isRecord(map)) return false;
            const secret = map.obs instanceof Secret;
            const value = secret ? (map.obs as Secret).value : map.obs;
            if (typeof value !== "string") return false;
            const upgraded = httpsUrlOf(value);
            if (upgraded === undefined) return false;
            map.obs = secret ? new Secret(upgraded) : upgraded;
            props.endpoints = typeof raw === "string" ? JSON.stringify(parsed) : parsed;
            return true;
        },
        disablePathStyle: () => false,
    },
};
