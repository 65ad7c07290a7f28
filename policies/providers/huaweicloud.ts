// Reader for `pulumi:providers:huaweicloud` (pulumi-huaweicloud, or the Terraform provider through
// Pulumi's bridge; both use this provider type). Its OBS endpoint is `endpoints.obs` when set (a
// map input, so a JSON string from the Node SDK), else https://obs.<region>.<cloud>. Both of its
// OBS clients use the provider's HTTP client, so `insecure` reaches OBS.
// Sources: provider-schemas.md §2.2 (huaweicloud config.go, provider.go; chnsz obs SDK).
import type { ObsApi } from "../edition";
import { parseEndpoint, type EndpointReading, type EndpointSource } from "../endpoint";
import {
    ABSENT,
    UNKNOWN,
    describeValue,
    fieldOf,
    inputName,
    invalid,
    isRecord,
    isSensitiveWrapper,
    isUnknown,
    MAX_URL_CHARACTERS,
    readBooleanInput,
    readJsonInput,
    reveal,
    tooLong,
    valueOf,
    type Read,
} from "../values";
import { rewriteJsonInput, upgradeUrlField } from "./rewrite";
import type { ProviderReader, ProviderRef, ProviderSettings } from "./types";

export const HUAWEI_PROVIDER_TYPE = "pulumi:providers:huaweicloud";

const DEFAULT_CLOUD = "myhuaweicloud.com";

/** The provider prepends https:// to endpoint values that do not start with http. */
function endpointUrl(text: string, source: EndpointSource): EndpointReading {
    return parseEndpoint(/^\s*http/i.test(text) ? text : `https://${text.trim()}`, source);
}

/** `endpoints.obs`, absent when the map has no obs entry. */
function obsEntry(parsed: unknown, inputSensitive: boolean): Read<EndpointReading> {
    const { value: map, sensitive: mapSensitive } = reveal(parsed);
    const sensitive = inputSensitive || mapSensitive;
    if (!isRecord(map))
        return invalid(
            `${inputName("endpoints", sensitive)} must be a map of service names to URLs, got ${describeValue(map, sensitive)}`,
            sensitive,
        );
    const obs = fieldOf(map, "obs");
    const v = obs.value;
    const obsSensitive = sensitive || obs.sensitive;
    if (v === undefined || v === null || v === "") return ABSENT;
    if (isUnknown(v)) return UNKNOWN;
    if (typeof v !== "string")
        return invalid(
            `${inputName("endpoints.obs", obsSensitive)} must be a URL string, got ${describeValue(v, obsSensitive)}`,
            obsSensitive,
        );
    return valueOf(endpointUrl(v, { sensitive: obsSensitive, field: "endpoints.obs" }), obsSensitive);
}

function plainString(props: unknown, key: string): Read<string> {
    const { value: v, sensitive } = fieldOf(props, key);
    if (v === undefined || v === null || v === "") return ABSENT;
    if (isUnknown(v)) return UNKNOWN;
    if (typeof v !== "string")
        return invalid(`${inputName(key, sensitive)} must be a string, got ${describeValue(v, sensitive)}`, sensitive);
    if (v.length > MAX_URL_CHARACTERS)
        return invalid(`${inputName(key, sensitive)} ${tooLong(v, MAX_URL_CHARACTERS, sensitive)}`, sensitive);
    return valueOf(v.trim(), sensitive);
}

/** A region name ("ap-southeast-1", "eu-west-101"), the only form of region the provider builds a host from. */
const REGION = /^[a-z]{2}(?:-[a-z0-9]+){1,3}$/;
/** A DNS domain ("myhuaweicloud.com"). */
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/**
 * A string input the endpoint's host is built from, checked for its form: anything else would
 * make another host (or user info) of https://obs.<region>.<cloud>, and is not shown.
 */
function hostPart(props: unknown, key: string, form: RegExp, example: string): Read<string> {
    const r = plainString(props, key);
    if (r.state !== "value" || form.test(r.value)) return r;
    const sensitive = r.sensitive === true;
    return invalid(
        `${inputName(key, sensitive)} must be a ${key === "region" ? "region name" : "domain name"} such as "${example}", got ${describeValue(r.value, sensitive)}`,
        sensitive,
    );
}

interface Found {
    readonly field: string;
    readonly endpoint: Read<EndpointReading>;
    readonly unknowable?: string;
    readonly region?: string | undefined;
}

function findEndpoint(props: unknown): Found {
    const explicit = readJsonInput(props, "endpoints", obsEntry);
    const region = hostPart(props, "region", REGION, "cn-north-4");
    // For fix suggestions only, so never a sensitive one.
    const shownRegion = region.state === "value" && !region.sensitive ? region.value : undefined;
    if (explicit.state !== "absent") return { field: "endpoints.obs", endpoint: explicit, region: shownRegion };
    const built = (input: string) => `${input} (the OBS endpoint is https://obs.<region>.<cloud>)`;
    const field = built("region");
    const cloud = hostPart(props, "cloud", DOMAIN, DEFAULT_CLOUD);
    // The field named is the input the endpoint waits on (or that is malformed).
    for (const [input, r] of [
        ["region", region],
        ["cloud", cloud],
    ] as const) {
        if (r.state === "unknown" || r.state === "invalid") return { field: built(input), endpoint: r };
    }
    if (region.state !== "value")
        return {
            field,
            endpoint: UNKNOWN,
            unknowable: "neither endpoints.obs nor region is set, so the region comes from the environment (HW_REGION_NAME)",
        };
    const domain = cloud.state === "value" ? cloud.value : DEFAULT_CLOUD;
    // The endpoint is built from region and cloud: sensitive when either is.
    const sensitive = region.sensitive === true || (cloud.state === "value" && cloud.sensitive === true);
    return {
        field,
        endpoint: valueOf(endpointUrl(`https://obs.${region.value}.${domain}`, { sensitive, field: "region and cloud" }), sensitive),
        region: shownRegion,
    };
}

export const huaweicloudProviderReader: ProviderReader = {
    type: HUAWEI_PROVIDER_TYPE,
    inputs: ["endpoints", "region", "cloud", "insecure"],
    read(provider: ProviderRef, api?: ObsApi): ProviderSettings {
        const { field, endpoint, unknowable, region } = findEndpoint(provider.props);
        return {
            type: provider.type,
            urn: provider.urn,
            name: provider.name,
            endpointField: field,
            endpoint,
            ...(unknowable !== undefined && { endpointUnknowable: unknowable }),
            ...(region !== undefined && { region }),
            // Huawei Cloud publishes its SSE matrix once, for its OBS API and without a signature
            // column (there is no Huawei S3-API edition), so every request of this provider is
            // judged by huawei-obs, the V2-signed ones included.
            api: "obs",
            cloud: "huawei",
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
            return rewriteJsonInput(props, "endpoints", (parsed) => {
                const map = isSensitiveWrapper(parsed) ? parsed.value : parsed;
                return isRecord(map) && upgradeUrlField(map, "obs");
            });
        },
        disablePathStyle: () => false,
    },
};
