// Reader for `pulumi:providers:opentelekomcloud` (the Terraform provider through Pulumi's bridge).
// The provider has no OBS endpoint input: it asks the identity service (authUrl) for its catalog
// and takes the object-storage entry of its region. It has two clients:
//   - obs* resources go through the native OBS SDK: OBS signature, and TLS certificates are never
//     verified (the SDK defaults to skipping verification and the provider never turns it on);
//   - s3* resources go through an AWS SDK (v1) session: SigV4, and `insecure` applies.
// Sources: provider-schemas.md §1.2 (OTC config.go, gophertelekomcloud obs/conf.go).
import type { ObsApi } from "../edition";
import { parseEndpoint, type EndpointFault, type EndpointReading } from "../endpoint";
import {
    ABSENT,
    UNKNOWN,
    describeValue,
    fieldOf,
    inputName,
    invalid,
    isUnknown,
    MAX_URL_CHARACTERS,
    readBooleanInput,
    tooLong,
    valueOf,
    type Read,
} from "../values";
import { terms } from "../terms";
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
    public: "public",
    publicURL: "public",
    internal: "internal",
    internalURL: "internal",
    admin: "admin",
    adminURL: "admin",
};

const ENDPOINT_FIELD = "object-storage endpoint (from the identity catalog of authUrl and region)";

/** A plain string input: absent, unknown, a value, or malformed. */
function stringInput(props: unknown, key: string): Read<string> {
    const { value: v, sensitive } = fieldOf(props, key);
    if (v === undefined || v === null || v === "") return ABSENT;
    if (isUnknown(v)) return UNKNOWN;
    if (typeof v !== "string")
        return invalid(`${inputName(key, sensitive)} must be a string, got ${describeValue(v, sensitive)}`, sensitive);
    if (v.length > MAX_URL_CHARACTERS)
        return invalid(`${inputName(key, sensitive)} ${tooLong(v, MAX_URL_CHARACTERS, sensitive)}`, sensitive);
    return valueOf(v.trim(), sensitive);
}

/** The public identity URL of each OTC region, for fix suggestions. */
const IAM_OF_REGION: Readonly<Record<string, string>> = {
    "eu-de": "https://iam.eu-de.otc.t-systems.com/v3",
    "eu-nl": "https://iam.eu-nl.otc.t-systems.com/v3",
    "eu-ch2": "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3",
};

/**
 * An input the provider's own client refuses before any request reaches OBS (an authUrl it cannot
 * send a request to, an endpointType it rejects): read as an unusable endpoint, named by that input.
 */
function refusedInput(
    input: string,
    form: EndpointFault,
    problem: string,
    sensitive: boolean,
    suggestion: string,
    shown?: string,
): Read<EndpointReading> {
    return valueOf(
        {
            kind: "invalid",
            form,
            input: inputName(input, sensitive),
            shown: shown ?? inputName(input, sensitive),
            problem,
            suggestion,
            ...(sensitive && { sensitive: true as const }),
        },
        sensitive,
    );
}

/** The authUrl a fix suggests: OTC's public identity service of the provider's (plain) region, else a pattern. */
function suggestedAuthUrl(props: unknown): string {
    const region = stringInput(props, "region");
    const known = region.state === "value" && !region.sensitive ? IAM_OF_REGION[region.value] : undefined;
    return (
        known ??
        "the https:// URL of the identity service (Open Telekom Cloud's public one is https://iam.<region>.otc.t-systems.com/v3, e.g. https://iam.eu-de.otc.t-systems.com/v3)"
    );
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
    if (cloud.state !== "absent")
        return unknowable("cloud names a clouds.yaml entry, whose identity service and region the pack cannot read");
    const endpointType = stringInput(props, "endpointType");
    if (endpointType.state === "unknown") return { endpoint: UNKNOWN };
    if (endpointType.state === "invalid") return { endpoint: endpointType };
    if (endpointType.state === "value") {
        const entry = ENDPOINT_TYPES[endpointType.value];
        const sensitive = endpointType.sensitive === true;
        if (entry === undefined) {
            return {
                endpoint: refusedInput(
                    "endpointType",
                    "refused",
                    `must be public, internal or admin (or publicURL, internalURL, adminURL), got ${describeValue(endpointType.value, sensitive)}`,
                    sensitive,
                    "public (or remove it)",
                ),
            };
        }
        if (entry !== "public")
            return unknowable(`endpointType selects the catalog's ${entry} OBS entry, which only the identity service knows`);
    }
    const authUrl = stringInput(props, "authUrl");
    if (authUrl.state === "unknown") return { endpoint: UNKNOWN };
    if (authUrl.state === "invalid") return { endpoint: authUrl };
    if (authUrl.state === "absent")
        return unknowable(
            "authUrl is not set, so the provider takes its identity service from the environment (OS_AUTH_URL) or clouds.yaml",
        );
    const authSensitive = authUrl.sensitive === true;
    // Read as endpoints are: a host that may be part of credentials (an "@" after a "/") is never shown.
    const auth = parseEndpoint(authUrl.value, { sensitive: authSensitive, field: "authUrl" });
    if (auth.kind === "invalid") {
        // The provider's identity client cannot send a request to such a URL: it fails before anything reaches OBS.
        return {
            endpoint: refusedInput(
                "authUrl",
                auth.form,
                auth.problem,
                authSensitive,
                suggestedAuthUrl(props),
                authSensitive ? undefined : auth.shown,
            ),
        };
    }
    const iamHost = auth.host;
    const regions = PUBLIC_IAM.get(iamHost);
    if (!regions) {
        return unknowable(
            authSensitive
                ? "authUrl (sensitive) does not point at Open Telekom Cloud's public identity service, so its catalog's OBS endpoint is not known"
                : `authUrl points at ${iamHost}, which is not Open Telekom Cloud's public identity service, so its catalog's OBS endpoint is not known`,
        );
    }
    let region = stringInput(props, "region");
    if (region.state === "absent") {
        // Without a region the provider uses the project's region; OTC project names start with it ("eu-de_myproject").
        const tenant = stringInput(props, "tenantName");
        if (tenant.state === "unknown") return { endpoint: UNKNOWN };
        // split() always returns at least one part, so [0] exists.
        region = tenant.state === "value" ? valueOf(tenant.value.split("_")[0]!, tenant.sensitive === true) : ABSENT;
    }
    if (region.state === "unknown") return { endpoint: UNKNOWN };
    if (region.state === "invalid") return { endpoint: region };
    if (region.state === "absent")
        return unknowable("neither region nor tenantName is set, so the region comes from the environment or the identity service");
    const regionSensitive = region.sensitive === true;
    const obsEndpoint = OBS_ENDPOINTS[region.value];
    if (!regions.includes(region.value) || obsEndpoint === undefined) {
        return unknowable(
            `region ${shownRegion(region.value, regionSensitive)} is not one that ${authSensitive ? "the identity service of authUrl (sensitive)" : iamHost} serves with a known OBS endpoint`,
        );
    }
    // The catalog's OBS host follows from authUrl and the region: sensitive when either is.
    const sensitive = authSensitive || regionSensitive;
    return { endpoint: valueOf(parseEndpoint(obsEndpoint, { sensitive, field: ENDPOINT_FIELD }), sensitive) };
}

/** A region name as messages show it: quoted when it has the form of one, else only described; a sensitive one only named. */
function shownRegion(region: string, sensitive: boolean): string {
    if (sensitive) return "(sensitive)";
    return /^[a-z]{2}(?:-[a-z0-9]+){1,3}$/.test(region) ? `"${region}"` : describeValue(region);
}

/**
 * What the provider does with an authUrl it cannot use (or an endpointType it rejects): its identity
 * client cannot send the token request, so the provider fails to configure before any OBS request.
 */
const OTC_REFUSED_INPUT: Readonly<Record<EndpointFault, string>> = {
    "no-scheme":
        "The provider's identity client cannot send its token request to a URL without a scheme, so the provider fails to authenticate before any request reaches OBS",
    "other-scheme":
        "The provider's identity client sends its token request over http or https only, so the provider fails to authenticate before any request reaches OBS",
    "no-slashes":
        "The provider's identity client reads no host from it, so the provider fails to authenticate before any request reaches OBS",
    unparseable:
        "The provider's identity client may refuse it or fail to connect; either way the provider cannot authenticate, and no request reaches OBS",
    refused: "The provider refuses this value when it is configured, before any request reaches OBS",
};

export const opentelekomcloudProviderReader: ProviderReader = {
    type: OTC_PROVIDER_TYPE,
    inputs: ["authUrl", "region", "tenantName", "endpointType", "cloud", "insecure"],
    read(provider: ProviderRef, api: ObsApi = "obs"): ProviderSettings {
        const { endpoint, unknowable: why } = catalogEndpoint(provider.props);
        const insecure = readBooleanInput(provider.props, "insecure");
        const common = {
            unusableEndpoint: OTC_REFUSED_INPUT,
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
                // Worded when a finding is (terms in force then): the reading is memoized across front ends.
                instead: () =>
                    `manage encrypted objects with the provider's s3* resources (${terms().resourceType("opentelekomcloud:index/s3BucketObject:S3BucketObject")}, whose S3 client verifies certificates unless insecure is set) or with the aws provider pointed at OBS`,
            },
        };
    },
    fixes: {
        // The endpoint comes from the identity catalog, and OTC's public catalog entries are https already.
        upgradeEndpointToHttps: () => false,
        disablePathStyle: () => false,
    },
};
