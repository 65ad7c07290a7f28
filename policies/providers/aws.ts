// Reader for `pulumi:providers:aws` pointed at OBS through its S3 endpoint override.
import { parseEndpoint, type EndpointReading } from "../endpoint";
import { ABSENT, UNKNOWN, describeValue, invalid, isRecord, isUnknown, rawField, readBooleanInput, readJsonInput, valueOf, type Read } from "../values";
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
    for (const [i, entry] of entries.entries()) {
        if (isUnknown(entry)) return valueOf({ field: `endpoints[${i}]`, reading: UNKNOWN });
        if (!isRecord(entry)) return invalid(`endpoints[${i}] must be a map of service names to URLs, got ${describeValue(entry)}`);
        for (const key of S3_ENDPOINT_KEYS) {
            const v = entry[key];
            if (v === undefined || v === null || v === "") continue;
            const field = `endpoints[${i}].${key}`;
            if (isUnknown(v)) return valueOf({ field, reading: UNKNOWN });
            if (typeof v !== "string") return valueOf({ field, reading: invalid(`${field} must be a URL string, got ${describeValue(v)}`) });
            return valueOf({ field, reading: valueOf(parseEndpoint(v)) });
        }
    }
    return ABSENT;
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
            endpoint,
            // The AWS SDK behind the provider signs S3 requests with SigV4 only.
            signature: "V4",
            insecure: readBooleanInput(provider.props, "insecure"),
            pathStyle: readBooleanInput(provider.props, "s3UsePathStyle"),
        };
    },
    fixes: {
        upgradeEndpointToHttps(props: Record<string, unknown>): boolean {
            const raw = rawField(props, "endpoints");
            let parsed: unknown;
            try {
                parsed = typeof raw === "string" ? JSON.parse(raw) : JSON.parse(JSON.stringify(raw ?? null));
            } catch {
                return false; // unreadable: reported by the policy, not rewritten
            }
            const entries = Array.isArray(parsed) ? parsed : isRecord(parsed) ? [parsed] : [];
            for (const entry of entries) {
                if (!isRecord(entry)) continue;
                const key = S3_ENDPOINT_KEYS.find((k) => typeof entry[k] === "string" && entry[k] !== "");
                if (!key) continue;
                const url = entry[key] as string;
                if (!/^\s*http:\/\//i.test(url)) return false;
                entry[key] = url.replace(/^(\s*)http:\/\//i, "$1https://");
                props.endpoints = typeof raw === "string" ? JSON.stringify(parsed) : parsed;
                return true;
            }
            return false;
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
