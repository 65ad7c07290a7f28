// Reader for `pulumi:providers:opentelekomcloud` (the Terraform provider through Pulumi's bridge).
// The provider has no OBS endpoint input: it asks the identity service (authUrl) for its catalog
// and takes the object-storage entry of its region. It has two clients:
//   - obs* resources go through the native OBS SDK: OBS signature, and TLS certificates are never
//     verified (the SDK defaults to skipping verification and the provider never turns it on);
//   - s3* resources go through an AWS SDK (v1) session: SigV4, and `insecure` applies.
// Sources: provider-schemas.md §1.2 (OTC config.go, gophertelekomcloud obs/conf.go).
import type { ObsApi } from "../edition";
import { parseEndpoint, type EndpointReading } from "../endpoint";
import { ABSENT, UNKNOWN, describeValue, invalid, isUnknown, rawField, readBooleanInput, valueOf, type Read } from "../values";
import type { ProviderReader, ProviderRef, ProviderSettings } from "./types";

export const OTC_PROVIDER_TYPE = "pulumi:providers:opentelekomcloud";

/**
 * Open Telekom Cloud's public identity hosts and the regions whose projects they serve. Their
 * catalogs list each region's public OBS endpoint over https (the regions-and-endpoints pages).
 */
const PUBLIC_IAM: ReadonlyMap<string, readonly string[]> = new Map([
    ["iam.eu-de.otc.t-systems.com", ["eu-de"]],
    ["iam.otc.t-systems.com", ["eu-de"]],
    ["iam.eu-nl.otc.t-systems.com", ["eu-nl"]],
    ["iam-pub.eu-ch2.sc.otc.t-systems.com", ["eu-ch2"]],
]);

/** The public OBS endpoint of each OTC region, as the catalogs list it. */
const OBS_ENDPOINTS: Readonly<Record<string, string>> = {
    "eu-de": "https://obs.eu-de.otc.t-systems.com",
    "eu-nl": "https://obs.eu-nl.otc.t-systems.com",
    "eu-ch2": "https://obs.eu-ch2.sc.otc.t-systems.com",
};

/** The catalog interface each accepted `endpointType` selects (the provider refuses other values). */
const ENDPOINT_TYPES: Readonly<Record<string, "public" | "internal" | "admin">> = {
    public: "public", publicURL: "public", internal: "internal", internalURL: "internal", admin: "admin", adminURL: "admin",
};

const ENDPOINT_FIELD = "object-storage endpoint (from the identity catalog of authUrl and region)";

/** A plain string input: absent, unknown, a value, or malformed. */
function stringInput(props: unknown, key: string): Read<string> {
    const v = rawField(props, key);
    if (v === undefined || v === null || v === "") return ABSENT;
    if (isUnknown(v)) return UNKNOWN;
    return typeof v === "string" ? valueOf(v.trim()) : invalid(`${key} must be a string, got ${describeValue(v)}`);
}

type CatalogEndpoint = { readonly endpoint: Read<EndpointReading>; readonly unknowable?: string };

const unknowable = (why: string): CatalogEndpoint => ({ endpoint: UNKNOWN, unknowable: why });

/**
 * The catalog's OBS endpoint, where the inputs settle it: OTC's public identity service, the
 * public interface, no clouds.yaml entry, and a region of that identity service. Anything else is
 * said to be unknowable, not guessed.
 */
function catalogEndpoint(props: unknown): CatalogEndpoint {
    const cloud = stringInput(props, "cloud");
    if (cloud.state === "unknown") return { endpoint: UNKNOWN };
    if (cloud.state !== "absent") return unknowable("cloud names a clouds.yaml entry, whose identity service and region the pack cannot read");
    const endpointType = stringInput(props, "endpointType");
    if (endpointType.state === "unknown") return { endpoint: UNKNOWN };
    if (endpointType.state === "invalid") return { endpoint: endpointType };
    if (endpointType.state === "value") {
        const entry = ENDPOINT_TYPES[endpointType.value];
        if (entry === undefined) return { endpoint: invalid(`endpointType must be public, internal or admin (or publicURL, internalURL, adminURL), got ${describeValue(endpointType.value)}`) };
        if (entry !== "public") return unknowable(`endpointType selects the catalog's ${entry} OBS entry, which only the identity service knows`);
    }
    const authUrl = stringInput(props, "authUrl");
    if (authUrl.state === "unknown") return { endpoint: UNKNOWN };
    if (authUrl.state === "invalid") return { endpoint: authUrl };
    if (authUrl.state === "absent") return unknowable("authUrl is not set, so the provider takes its identity service from the environment (OS_AUTH_URL) or clouds.yaml");
    // Read as endpoints are: a host that may be part of credentials (an "@" after a "/") is never shown.
    const auth = parseEndpoint(authUrl.value);
    if (auth.kind === "invalid") return { endpoint: invalid(`authUrl ${auth.problem} (${auth.shown})`) };
    const iamHost = auth.host;
    const regions = PUBLIC_IAM.get(iamHost);
    if (!regions) return unknowable(`authUrl points at ${iamHost}, which is not Open Telekom Cloud's public identity service, so its catalog's OBS endpoint is not known`);
    let region = stringInput(props, "region");
    if (region.state === "absent") {
        // Without a region the provider uses the project's region; OTC project names start with it ("eu-de_myproject").
        const tenant = stringInput(props, "tenantName");
        if (tenant.state === "unknown") return { endpoint: UNKNOWN };
        region = tenant.state === "value" ? valueOf(tenant.value.split("_")[0]) : ABSENT;
    }
    if (region.state === "unknown") return { endpoint: UNKNOWN };
    if (region.state === "invalid") return { endpoint: region };
    if (region.state === "absent") return unknowable("neither region nor tenantName is set, so the region comes from the environment or the identity service");
    if (!regions.includes(region.value)) return unknowable(`region ${shownRegion(region.value)} is not one that ${iamHost} serves with a known OBS endpoint`);
    return { endpoint: valueOf(parseEndpoint(OBS_ENDPOINTS[region.value])) };
}

/** A region name as messages show it: quoted when it has the form of one, else only described. */
function shownRegion(region: string): string {
    return /^[a-z]{2}(?:-[a-z0-9]+){1,3}$/.test(region) ? `"${region}"` : describeValue(region);
}

export const opentelekomcloudProviderReader: ProviderReader = {
    type: OTC_PROVIDER_TYPE,
    inputs: ["authUrl", "region", "tenantName", "endpointType", "cloud", "insecure"],
    read(provider: ProviderRef, api: ObsApi = "obs"): ProviderSettings {
        const { endpoint, unknowable: why } = catalogEndpoint(provider.props);
        const insecure = readBooleanInput(provider.props, "insecure");
        const common = {
            type: provider.type,
            urn: provider.urn,
            name: provider.name,
            endpointField: ENDPOINT_FIELD,
            endpoint,
            ...(why !== undefined && { endpointUnknowable: why }),
            // No input selects path style: the OBS SDK addresses host names virtual-hosted, and the
            // provider leaves the S3 session's S3ForcePathStyle unset.
            pathStyle: ABSENT,
        };
        if (api === "s3") return { ...common, api: "s3", signature: "V4", insecure };
        return {
            ...common,
            api: "obs",
            signature: "OBS",
            // `insecure` reaches only the identity and S3 clients, never the OBS client.
            insecure: ABSENT,
            certificatesNeverVerified: {
                why: "the opentelekomcloud provider's OBS client (obs* resources) never verifies TLS certificates, whatever insecure says",
                instead: "manage encrypted objects with the provider's s3* resources (S3BucketObject, whose S3 client verifies certificates unless insecure is set) or with the aws provider pointed at OBS",
            },
        };
    },
    fixes: {
        // The endpoint comes from the identity catalog, and OTC's public catalog entries are https already.
        upgradeEndpointToHttps: () => false,
        disablePathStyle: () => false,
    },
};
