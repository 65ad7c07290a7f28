// Reader for `pulumi:providers:aws` pointed at OBS through its S3 endpoint override.
import { parseEndpoint, type EndpointFault, type EndpointReading } from "../endpoint";
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
    rawField,
    readBooleanInput,
    readJsonInput,
    reveal,
    valueOf,
    type Read,
} from "../values";
import { rewriteJsonInput, upgradeUrlField } from "./rewrite";
import type { ProviderReader, ProviderRef, ProviderSettings } from "./types";

/** Keys of an `endpoints` entry that set the S3 endpoint, in the provider's order of preference. */
const S3_ENDPOINT_KEYS = ["s3", "s3api"] as const;

interface FoundEndpoint {
    readonly field: string;
    readonly reading: Read<EndpointReading>;
}

function findS3Endpoint(input: unknown, inputSensitive: boolean): Read<FoundEndpoint> {
    // Secrets may wrap the whole input, an entry or a URL (Remediate and Terraform plans keep them
    // nested): each level read with reveal, so sensitivity is carried down, never lost.
    const { value: parsed, sensitive: listSensitive } = reveal(input);
    const sensitive = inputSensitive || listSensitive;
    const entries = Array.isArray(parsed) ? parsed : isRecord(parsed) ? [parsed] : undefined;
    if (!entries)
        return invalid(
            `${inputName("endpoints", sensitive)} must be a list of endpoint maps, got ${describeValue(parsed, sensitive)}`,
            sensitive,
        );
    for (const [i, item] of entries.entries()) {
        const revealed = reveal(item);
        const entry = revealed.value;
        const entrySensitive = sensitive || revealed.sensitive;
        if (isUnknown(entry)) return valueOf({ field: `endpoints[${i}]`, reading: UNKNOWN });
        if (!isRecord(entry))
            return invalid(
                `${inputName(`endpoints[${i}]`, entrySensitive)} must be a map of service names to URLs, got ${describeValue(entry, entrySensitive)}`,
                entrySensitive,
            );
        for (const key of S3_ENDPOINT_KEYS) {
            const url = fieldOf(entry, key);
            const v = url.value;
            if (v === undefined || v === null || v === "") continue;
            const field = `endpoints[${i}].${key}`;
            const urlSensitive = entrySensitive || url.sensitive;
            if (isUnknown(v)) return valueOf({ field, reading: UNKNOWN });
            if (typeof v !== "string")
                return valueOf({
                    field,
                    reading: invalid(
                        `${inputName(field, urlSensitive)} must be a URL string, got ${describeValue(v, urlSensitive)}`,
                        urlSensitive,
                    ),
                });
            return valueOf({ field, reading: valueOf(parseEndpoint(v, { sensitive: urlSensitive, field }), urlSensitive) });
        }
    }
    return ABSENT;
}

/** What aws-sdk-go-v2's S3 endpoint rules do with each kind of unusable endpoint. */
const AWS_UNUSABLE_ENDPOINT: Readonly<Record<EndpointFault, string>> = {
    "no-scheme":
        "The provider's SDK accepts only S3 endpoints that start with http:// or https:// and refuses this one before sending any request",
    "other-scheme":
        "The provider's SDK accepts only S3 endpoints that start with http:// or https:// and refuses this one before sending any request",
    "no-slashes": "The URL parser of the provider's SDK then reads no host from it, so its requests are not sent to that host",
    unparseable: "The provider's SDK may refuse it or fail to connect; either way its requests are not expected to reach OBS",
    refused: "The provider refuses this value before sending any request",
};

/** The provider's region when it is plain text of a region's form (a sensitive region is never suggested). */
function plainRegion(props: unknown): string | undefined {
    const { value, sensitive } = fieldOf(props, "region");
    return !sensitive && typeof value === "string" && /^[a-z]{2}(?:-[a-z0-9]+){1,3}$/.test(value) ? value : undefined;
}

export const awsProviderReader: ProviderReader = {
    type: "pulumi:providers:aws",
    inputs: ["endpoints", "insecure", "s3UsePathStyle"],
    read(provider: ProviderRef): ProviderSettings {
        const found = readJsonInput(provider.props, "endpoints", findS3Endpoint);
        let endpointField = "endpoints[].s3";
        let endpoint: Read<EndpointReading>;
        switch (found.state) {
            case "value":
                endpointField = found.value.field;
                endpoint = found.value.reading;
                break;
            default:
                endpoint = found;
        }
        return {
            type: provider.type,
            urn: provider.urn,
            name: provider.name,
            endpointField,
            endpointName: "S3 endpoint",
            unusableEndpoint: AWS_UNUSABLE_ENDPOINT,
            endpoint,
            api: "s3",
            // For fix suggestions only, so never a sensitive one.
            region: plainRegion(provider.props),
            // The AWS SDK behind the provider signs S3 requests with SigV4 only.
            signature: "V4",
            insecure: readBooleanInput(provider.props, "insecure"),
            pathStyle: readBooleanInput(provider.props, "s3UsePathStyle"),
        };
    },
    fixes: {
        upgradeEndpointToHttps(props: Record<string, unknown>): boolean {
            return rewriteJsonInput(props, "endpoints", (parsed) => {
                const entries: readonly unknown[] = Array.isArray(parsed) ? parsed : isRecord(parsed) ? [parsed] : [];
                for (const item of entries) {
                    const entry = isSensitiveWrapper(item) ? item.value : item;
                    if (!isRecord(entry)) continue;
                    const key = S3_ENDPOINT_KEYS.find((k) => {
                        const field: unknown = entry[k];
                        const v = isSensitiveWrapper(field) ? field.value : field;
                        return typeof v === "string" && v !== "";
                    });
                    if (key) return upgradeUrlField(entry, key);
                }
                return false;
            });
        },
        disablePathStyle(props: Record<string, unknown>): boolean {
            const raw = rawField(props, "s3UsePathStyle");
            if (raw === true) props.s3UsePathStyle = false;
            else if (typeof raw === "string" && raw.trim() === "true") props.s3UsePathStyle = "false";
            else return false;
            return true;
        },
    },
};
