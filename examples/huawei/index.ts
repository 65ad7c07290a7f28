// OBS on Huawei Cloud through the huaweicloud provider, written as its SDKs are used (./sdk.ts
// stands in for them): pulumi-huaweicloud's `Obs` module and the Terraform bridge's `index` tokens.
//
// Providers in play:
//   - the DEFAULT huaweicloud provider, built by the engine from the huaweicloud:* keys of
//     Pulumi.dev.yaml: endpoints.obs is plain http;
//   - `hw-https`: explicit, https://obs.ap-southeast-1.myhuaweicloud.com from its region.
//
// What the pack says about it:
//   - "archive" (default provider, http): an SSE-KMS object over http breaks the huawei-obs
//     matrix (mandatory); a plain object inherits SSE-KMS from the bucket default over http;
//     no TLS-only bucket policy;
//   - "media" (hw-https): SSE-OBS bucket default (supported on Huawei Cloud), SSE-KMS objects
//     over https, an OBS-format TLS-only policy: nothing to report;
//   - the signature policy is not applicable: Huawei's matrix has no signature column;
//   - "net": a VPC, which no policy reads.
import * as pulumi from "@pulumi/pulumi";
import * as huaweicloud from "./sdk";

const config = new pulumi.Config();
const kmsKeyId = config.require("kmsKeyId");

const https = new huaweicloud.Provider("hw-https", {
    region: "ap-southeast-1",
    accessKey: config.requireSecret("hwAccessKey"),
    secretKey: config.requireSecret("hwSecretKey"),
});

// --- default provider (endpoints.obs over http), pulumi-huaweicloud tokens -----------------

const archive = new huaweicloud.Obs.Bucket("archive", {
    bucket: "obs-sse-huawei-archive",
    encryption: true,
    sseAlgorithm: "kms",
    kmsKeyId,
});

new huaweicloud.Obs.BucketObject("archive-kms", {
    bucket: archive.bucket,
    key: "kms.txt",
    content: "SSE-KMS over plain http\n",
    encryption: true,
    kmsKeyId,
});

new huaweicloud.Obs.BucketObject("archive-plain", {
    bucket: archive.bucket,
    key: "plain.txt",
    content: "no encryption of its own: the bucket's SSE-KMS default applies, over http\n",
});

// --- hw-https, Terraform bridge tokens ------------------------------------------------------

const media = new huaweicloud.ObsBucket(
    "media",
    {
        bucket: "obs-sse-huawei-media",
        encryption: true,
        sseAlgorithm: "AES256", // SSE-OBS, supported on Huawei Cloud
    },
    { provider: https },
);

new huaweicloud.ObsBucketPolicy(
    "media-tls-only",
    {
        bucket: media.bucket,
        policy: JSON.stringify({
            Statement: [
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: { ID: ["*"] },
                    Action: ["*"],
                    Resource: ["obs-sse-huawei-media", "obs-sse-huawei-media/*"],
                    Condition: { Bool: { SecureTransport: ["false"] } },
                },
            ],
        }),
    },
    { provider: https },
);

new huaweicloud.ObsBucketObject(
    "media-clip",
    {
        bucket: media.bucket,
        key: "clips/intro.txt",
        content: "SSE-KMS over https\n",
        encryption: true,
        kmsKeyId,
    },
    { provider: https },
);

// --- not OBS: no policy answers ----------------------------------------------------------

new huaweicloud.Vpc.Vpc("net", { name: "obs-demo", cidr: "192.168.0.0/16" }, { provider: https });

export const archiveBucket = archive.bucket;
