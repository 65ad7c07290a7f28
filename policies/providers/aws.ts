// Reader for `pulumi:providers:aws` pointed at OBS through its S3 endpoint override.
import { parseEndpoint, type EndpointFault, type EndpointReading } from "../endpoint";
import { Secret } from "@pulumi/policy";
import { ABSENT, UNKNOWN, describeValue, invalid, isRecord, isUnknown, rawField, readBooleanInput, readJsonInput, unproxy, valueOf, type Read } from "../values";
import { rewriteJsonInput, upgradeUrlField } from "./rewrite";
import type { ProviderReader, ProviderRef, ProviderSettings } from "./types";

/** Keys of an `endpoints` entry that set the S3 endpoint, in the provider's order of preference. */
const S3_ENDPOINT_KEYS = ["s3", "s3api"] as const;

interface FoundEndpoint {
    readonly field: string;
    readonly reading: Read<EndpointReading>;
}

function findS3Endpoint(parsed: unknown): Read<FoundEndpoint> {
    const entries = Array.isArray(parsed) ? parsed : isRecord(parsed) ? [parsed] : undefined;
    if (!entries) return invalid(`endpoints must be a list of endpoint maps, got ${describeValue(parsed)}`);
    for (const [i, item] of entries.entries()) {
        // Remediate hands nested secrets over as Secret wrappers; unproxy unwraps them.
        const entry = unproxy(item);
        if (isUnknown(entry)) return valueOf({ field: `endpoints[${i}]`, reading: UNKNOWN });
        if (!isRecord(entry)) return invalid(`endpoints[${i}] must be a map of service names to URLs, got ${describeValue(entry)}`);
        for (const key of S3_ENDPOINT_KEYS) {
            const v = unproxy(entry[key]);
            if (v === undefined || v === null || v === "") continue;
            const field = `endpoints[${i}].${key}`;
            if (isUnknown(v)) return valueOf({ field, reading: UNKNOWN });
            if (typeof v !== "string") return valueOf({ field, reading: invalid(`${field} must be a URL string, got ${describeValue(v)}`) });
            return valueOf({ field, reading: valueOf(parseEndpoint(v)) });
        }
    }
    return ABSENT;
}

/** What aws-sdk-go-v2's S3 endpoint rules do with each kind of unusable endpoint. */
const AWS_UNUSABLE_ENDPOINT: Readonly<Record<EndpointFault, string>> = {
    "no-scheme": "The provider's SDK accepts only S3 endpoints that start with http:// or https:// and refuses this one before sending any request",
    "other-scheme": "The provider's SDK accepts only S3 endpoints that start with http:// or https:// and refuses this one before sending any request",
    "no-slashes": "The URL parser of the provider's SDK then reads no host from it, so its requests are not sent to that host",
    "unparseable": "The provider's SDK may refuse it or fail to connect; either way its requests are not expected to reach OBS",
};

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
            region: typeof rawField(provider.props, "region") === "string" ? rawField(provider.props, "region") as string : undefined,
            // The AWS SDK behind the provider signs S3 requests with SigV4 only.
            signature: "V4",
            insecure: readBooleanInput(provider.props, "insecure"),
            pathStyle: readBooleanInput(provider.props, "s3UsePathStyle"),
        };
    },
    fixes: {
        upgradeEndpointToHttps(props: Record<string, unknown>): boolean {
            return rewriteJsonInput(props, "endpoints", (parsed) => {
                const entries = Array.isArray(parsed) ? parsed : isRecord(parsed) ? [parsed] : [];
                for (const item of entries) {
                    const entry = item instanceof Secret ? item.value : item;
                    if (!isRecord(entry)) continue;
                    const key = S3_ENDPOINT_KEYS.find((k) => {
                        const v = entry[k] instanceof Secret ? (entry[k] as Secret).value : entry[k];
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
