// Builders for the native OBS providers as the engine sends them: the generated Node SDKs of
// `pulumi package add terraform-provider ...` and pulumi-huaweicloud serialize every non-string
// provider input as a JSON string (insecure: "true", endpoints: '{"obs":"..."}'); resource inputs
// arrive as real values.
import { secret, type WireProps, type WireProvider } from "../../engine/wire";
import { urnOf } from "./fixtures";

export const OTC_IAM_EU_DE = "https://iam.eu-de.otc.t-systems.com/v3";

export interface OtcProviderOptions {
    name?: string;
    authUrl?: string;
    region?: string;
    insecure?: boolean;
    raw?: WireProps;
}

/** An explicit `new opentelekomcloud.Provider(name, {...})`. */
export function otcProvider(o: OtcProviderOptions = {}): WireProvider {
    const name = o.name ?? "otc";
    const props: WireProps = {
        authUrl: o.authUrl ?? OTC_IAM_EU_DE,
        tenantName: "eu-de_obs-app",
        domainName: "OTC-EU-DE-00000000001000000001",
        accessKey: secret("OTCFAKEACCESSKEY000001"),
        secretKey: secret("fake/otc/secret/key/do-not-echo-0001"),
        version: "1.36.54",
    };
    if (o.region !== undefined) props.region = o.region;
    if (o.insecure !== undefined) props.insecure = JSON.stringify(o.insecure);
    Object.assign(props, o.raw);
    return { urn: urnOf("pulumi:providers:opentelekomcloud", name), type: "pulumi:providers:opentelekomcloud", name, properties: props };
}

export interface HuaweiProviderOptions {
    name?: string;
    region?: string;
    /** `endpoints.obs`; serialized inside the JSON-string map as the SDK does. */
    obsEndpoint?: string;
    insecure?: boolean;
    raw?: WireProps;
}

/** An explicit `new huaweicloud.Provider(name, {...})`. */
export function huaweiProvider(o: HuaweiProviderOptions = {}): WireProvider {
    const name = o.name ?? "hw";
    const props: WireProps = {
        region: o.region ?? "cn-north-4",
        accessKey: secret("HWFAKEACCESSKEY0000001"),
        secretKey: secret("fake/hw/secret/key/do-not-echo-0001"),
        version: "1.97.1",
    };
    if (o.obsEndpoint !== undefined) props.endpoints = JSON.stringify({ obs: o.obsEndpoint });
    if (o.insecure !== undefined) props.insecure = JSON.stringify(o.insecure);
    Object.assign(props, o.raw);
    return { urn: urnOf("pulumi:providers:huaweicloud", name), type: "pulumi:providers:huaweicloud", name, properties: props };
}

export const OTC = {
    obsBucket: "opentelekomcloud:index/obsBucket:ObsBucket",
    obsObject: "opentelekomcloud:index/obsBucketObject:ObsBucketObject",
    obsPolicy: "opentelekomcloud:index/obsBucketPolicy:ObsBucketPolicy",
    s3Bucket: "opentelekomcloud:index/s3Bucket:S3Bucket",
    s3Object: "opentelekomcloud:index/s3BucketObject:S3BucketObject",
    s3Policy: "opentelekomcloud:index/s3BucketPolicy:S3BucketPolicy",
} as const;

export const HW = {
    bucket: "huaweicloud:Obs/bucket:Bucket",
    object: "huaweicloud:Obs/bucketObject:BucketObject",
    policy: "huaweicloud:Obs/bucketPolicy:BucketPolicy",
    obsBucket: "huaweicloud:index/obsBucket:ObsBucket",
    obsObject: "huaweicloud:index/obsBucketObject:ObsBucketObject",
    obsPolicy: "huaweicloud:index/obsBucketPolicy:ObsBucketPolicy",
} as const;

export const OTC_KMS_KEY = "0d1c7c5e-3b0e-4e58-9f53-4a7f2c6b8e11";

/** An OBS-format policy that refuses plain HTTP for `bucket` and its objects. */
export function obsTlsOnlyPolicy(bucket: string): string {
    return JSON.stringify({
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: { ID: ["*"] },
                Action: ["*"],
                Resource: [bucket, `${bucket}/*`],
                Condition: { Bool: { SecureTransport: ["false"] } },
            },
        ],
    });
}
