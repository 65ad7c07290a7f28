// Reader for the connection settings of Terraform's S3 state backend, as obs-sse-check builds them
// from a `backend "s3"` block (never sent by Pulumi): `endpoint` is the S3 endpoint the backend
// uses (`endpoints.s3`, else the deprecated `endpoint`), `endpointField` the argument it came from,
// `insecure` and `s3UsePathStyle` (use_path_style) as the backend reads them, and `terraformVersion` when known (from
// .terraform/terraform.tfstate), which decides what an endpoint without a scheme becomes.
//
// Sources (hashicorp/terraform, internal/backend/remote-state/s3/):
// - v1.5.0 backend.go: `s3.New(sess.Copy(&aws.Config{Endpoint: endpoint, S3ForcePathStyle: ...}))`
//   (aws-sdk-go v1). That SDK's endpoints.AddScheme writes "https://" before an endpoint without
//   "scheme://" unless DisableSSL, which the backend never sets: such requests go over HTTPS.
// - v1.6.0 validate.go validateStringURL: an endpoint without scheme and host is an error at init.
// - v1.6.1 and later validate.go validateStringLegacyURL: only a warning ("Complete URL Expected",
//   hashicorp/terraform#34017 fixing #33981). backend.go then passes the text to
//   s3.EndpointResolverFromURL (aws-sdk-go-v2), whose endpoint rules parse it with
//   smithy-go rulesfn.ParseURL, which accepts only http and https URLs: the request fails with
//   "Custom endpoint ... was not a valid URI" before anything is sent.
import { parseEndpoint, type EndpointFault, type EndpointReading } from "../endpoint";
import { backendClientOf, BACKEND_PROVIDER_TYPE, refusesSchemelessEndpoint } from "../terraformBackend";
import { ABSENT, describeValue, fieldOf, inputName, invalid, isUnknown, readBooleanInput, UNKNOWN, valueOf, type Read } from "../values";
import type { ProviderReader, ProviderRef, ProviderSettings } from "./types";

/** What Terraform 1.6 and later do with an endpoint the SDK cannot use, by its form. */
const SDK_V2_REFUSES =
    "its AWS SDK for Go v2 takes only http:// and https:// URLs with a host as a custom S3 endpoint and refuses this one before sending any request";

function schemelessConsequence(version: string | undefined): string {
    const client = backendClientOf(version);
    const v16 = refusesSchemelessEndpoint(version)
        ? `Terraform ${version?.trim() ?? "1.6.0"} refuses it at init ("The value must be a valid URL containing at least a scheme and hostname")`
        : `Terraform 1.6.0 refuses it at init; 1.6.1 and later accept it with the warning "Complete URL Expected", and then ${SDK_V2_REFUSES}`;
    if (client === "sdk-v2") return v16;
    return `${v16}. Terraform 1.5 and earlier sent it over https:// (which version runs this configuration is not known to the pack)`;
}

function unusableEndpoint(version: string | undefined): Readonly<Partial<Record<EndpointFault, string>>> {
    const other = `Terraform's S3 backend cannot send requests through it as written: ${SDK_V2_REFUSES}`;
    return {
        "no-scheme": schemelessConsequence(version),
        "other-scheme": other,
        "no-slashes": other,
        unparseable: "Terraform refuses it at init or its AWS SDK refuses it before sending; either way no request reaches OBS",
    };
}

/** The endpoint text as the backend's client uses it: Terraform 1.5 and earlier add https:// to one without "scheme://". */
function readEndpoint(props: unknown, field: string, version: string | undefined): Read<EndpointReading> {
    const { value, sensitive } = fieldOf(props, "endpoint");
    if (value === undefined || value === null || value === "") return ABSENT;
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value !== "string")
        return invalid(`${inputName(field, sensitive)} must be a URL string, got ${describeValue(value, sensitive)}`, sensitive);
    const source = { sensitive, field };
    if (backendClientOf(version) === "sdk-v1" && !/^[^:]+:\/\//.test(value))
        return valueOf(parseEndpoint(`https://${value.trim()}`, source), sensitive);
    return valueOf(parseEndpoint(value, source), sensitive);
}

/** A plain-text string prop (the field name, the version, the region), never a sensitive one. */
function plainString(props: unknown, key: string): string | undefined {
    const { value, sensitive } = fieldOf(props, key);
    return !sensitive && typeof value === "string" && value !== "" ? value : undefined;
}

export const terraformBackendProviderReader: ProviderReader = {
    type: BACKEND_PROVIDER_TYPE,
    inputs: ["endpoint", "endpointField", "insecure", "s3UsePathStyle", "terraformVersion", "region"],
    read(provider: ProviderRef): ProviderSettings {
        const version = plainString(provider.props, "terraformVersion");
        const endpointField = plainString(provider.props, "endpointField") ?? "endpoints.s3";
        const region = plainString(provider.props, "region");
        return {
            type: provider.type,
            urn: provider.urn,
            name: provider.name,
            label: 'backend "s3"',
            endpointField,
            endpointName: "S3 endpoint",
            unusableEndpoint: unusableEndpoint(version),
            endpoint: readEndpoint(provider.props, endpointField, version),
            api: "s3",
            ...(region !== undefined && /^[a-z]{2}(?:-[a-z0-9]+){1,3}$/.test(region) && { region }),
            // Both SDK generations sign S3 requests with SigV4.
            signature: "V4",
            insecure: readBooleanInput(provider.props, "insecure"),
            pathStyle: readBooleanInput(provider.props, "s3UsePathStyle"),
        };
    },
    // A backend block is the user's to edit: the command reports, it does not rewrite.
    fixes: {
        upgradeEndpointToHttps: () => false,
        disablePathStyle: () => false,
    },
};
