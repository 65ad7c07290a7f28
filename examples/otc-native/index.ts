// OBS on Open Telekom Cloud (eu-de) through the native opentelekomcloud provider, written as the
// SDK of `pulumi package add terraform-provider opentelekomcloud/opentelekomcloud` is used
// (./sdk.ts stands in for that generated SDK). The provider has no OBS endpoint input: it takes
// the object-storage entry of the identity service's catalog, https://obs.eu-de.otc.t-systems.com.
//
// What the pack says about it:
//   - "data" and its objects: SSE-KMS done right, with an OBS-format TLS-only bucket policy; the
//     advisories (on the bucket and on "report") say that the provider's OBS client (obs*
//     resources) never verifies TLS certificates, whatever `insecure` says;
//   - "legacy" (s3* resources, S3 API): AES256 is refused by OTC's S3 API (mandatory); an SSE-KMS
//     object through a provider with insecure: true; no TLS-only bucket policy;
//   - "elsewhere": a provider whose identity service is not OTC's, so the OBS endpoint cannot be
//     known from the program;
//   - "net": a VPC, which no policy reads.
import * as pulumi from "@pulumi/pulumi";
import * as otc from "./sdk";

const config = new pulumi.Config();
const kmsKeyId = config.require("kmsKeyId");

const credentials = {
    authUrl: "https://iam.eu-de.otc.t-systems.com/v3",
    tenantName: "eu-de_obs-demo",
    domainName: config.require("domainName"),
    accessKey: config.requireSecret("otcAccessKey"),
    secretKey: config.requireSecret("otcSecretKey"),
};

const provider = new otc.Provider("otc", { ...credentials, region: "eu-de" });
const insecure = new otc.Provider("otc-insecure", { ...credentials, region: "eu-de", insecure: true });
const elsewhere = new otc.Provider("private-cloud", { ...credentials, authUrl: "https://iam.private-cloud.example/v3", region: "eu-de" });

// --- native OBS API (obs* resources) -------------------------------------------------------

const data = new otc.ObsBucket(
    "data",
    {
        bucket: "obs-sse-otc-native-data",
        serverSideEncryption: { algorithm: "kms", kmsKeyId },
    },
    { provider },
);

new otc.ObsBucketPolicy(
    "data-tls-only",
    {
        bucket: data.bucket,
        policy: JSON.stringify({
            Statement: [
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: { ID: ["*"] },
                    Action: ["*"],
                    Resource: ["obs-sse-otc-native-data", "obs-sse-otc-native-data/*"],
                    Condition: { Bool: { SecureTransport: ["false"] } },
                },
            ],
        }),
    },
    { provider },
);

// SSE-KMS over https: allowed, but the OBS client does not verify the certificate.
new otc.ObsBucketObject(
    "report",
    {
        bucket: data.bucket,
        key: "reports/2024.csv",
        content: "quarter,revenue\nQ1,100\n",
        encryption: true,
        kmsKeyId,
    },
    { provider },
);

// No encryption of its own: the bucket default (SSE-KMS) applies, over https.
new otc.ObsBucketObject(
    "readme",
    {
        bucket: data.bucket,
        key: "README.txt",
        content: "Encrypted at rest with the bucket default (SSE-KMS).\n",
    },
    { provider },
);

// --- S3-compatible API (s3* resources) ----------------------------------------------------

const legacy = new otc.S3Bucket("legacy", { bucket: "obs-sse-otc-native-legacy" }, { provider });

// AES256 (SSE-S3) is not supported by OTC's S3-compatible API.
new otc.S3BucketObject(
    "legacy-aes",
    {
        bucket: legacy.bucket,
        key: "aes.txt",
        content: "SSE-S3 is refused by OTC OBS\n",
        serverSideEncryption: "AES256",
    },
    { provider },
);

// SSE-KMS through the S3 client of a provider that switches certificate verification off.
new otc.S3BucketObject(
    "legacy-kms",
    {
        bucket: legacy.bucket,
        key: "kms.txt",
        content: "SSE-KMS over TLS without certificate verification\n",
        serverSideEncryption: "aws:kms",
        sseKmsKeyId: kmsKeyId,
    },
    { provider: insecure },
);

// --- a provider whose OBS endpoint the program does not determine -------------------------

new otc.ObsBucketObject(
    "elsewhere",
    {
        bucket: "somewhere",
        key: "secret.txt",
        content: "the endpoint comes from a catalog the pack cannot see\n",
        encryption: true,
    },
    { provider: elsewhere },
);

// --- not OBS: no policy answers ----------------------------------------------------------

new otc.VpcV1("net", { name: "obs-demo", cidr: "192.168.0.0/16" }, { provider });

export const bucketName = data.bucket;
