// Deliberate OBS server-side-encryption mistakes on Open Telekom Cloud (eu-de), through
// @pulumi/aws. Each resource is commented with the rule it is meant to break.
//
// Providers in play:
//   - the DEFAULT aws provider, built by the engine from the aws:* keys of Pulumi.dev.yaml:
//     OBS over plain http;
//   - `obs-http`: explicit, OBS over plain http, path-style addressing;
//   - `obs-insecure`: explicit, https endpoint but TLS verification disabled (insecure: true);
//   - `aws-frankfurt`: explicit, plain AWS (no endpoint override) — not OBS, must be ignored.
import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const kmsKeyId = config.require("kmsKeyId");
const ssecKey = config.requireSecret("ssecKey");
const ssecSourceKey = config.requireSecret("ssecSourceKey");

/** Base64 MD5 of a base64-encoded SSE-C key, as the x-*-customer-key-MD5 headers expect. */
function keyMd5(base64Key: pulumi.Output<string>): pulumi.Output<string> {
    return base64Key.apply((k) => crypto.createHash("md5").update(Buffer.from(k, "base64")).digest("base64"));
}

const otcSettings = {
    region: "eu-de",
    accessKey: config.requireSecret("obsAccessKey"),
    secretKey: config.requireSecret("obsSecretKey"),
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
    skipRegionValidation: true,
};

const obsHttp = new aws.Provider("obs-http", {
    ...otcSettings,
    endpoints: [{ s3: "http://obs.eu-de.otc.t-systems.com" }],
    s3UsePathStyle: true,
});

const obsInsecure = new aws.Provider("obs-insecure", {
    ...otcSettings,
    endpoints: [{ s3: "https://obs.eu-de.otc.t-systems.com" }],
    insecure: true,
});

const awsFrankfurt = new aws.Provider("aws-frankfurt", { region: "eu-central-1" });

// --- default provider (http) -------------------------------------------------------------

// A bucket whose default encryption is SSE-KMS ...
const kmsDefaultBucket = new aws.s3.Bucket("kms-default", { bucket: "obs-sse-violations-kms-default" });
new aws.s3.BucketServerSideEncryptionConfiguration("kms-default-sse", {
    bucket: kmsDefaultBucket.bucket,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsKeyId } }],
});
// ... holding an object with no encryption of its own: it is SSE-KMS encrypted by the bucket
// default, and uploaded over http.
new aws.s3.BucketObjectv2("inherits-kms", {
    bucket: kmsDefaultBucket.bucket,
    key: "inherits/kms.txt",
    content: "encrypted by the bucket default, sent over http\n",
});

// SSE-KMS object upload over http.
new aws.s3.BucketObjectv2("kms-over-http", {
    bucket: kmsDefaultBucket.bucket,
    key: "explicit/kms.txt",
    content: "SSE-KMS over http\n",
    serverSideEncryption: "aws:kms",
    kmsKeyId: kmsKeyId,
});

// SSE-KMS object whose key is created in the same stack: its id is unknown during preview.
const stackKey = new aws.kms.Key("stack-key", {
    description: "created by this stack; its id is unknown during preview",
    deletionWindowInDays: 7,
});
new aws.s3.BucketObjectv2("kms-stack-key", {
    bucket: kmsDefaultBucket.bucket,
    key: "explicit/kms-stack-key.txt",
    content: "SSE-KMS with a key from this stack\n",
    serverSideEncryption: "aws:kms",
    kmsKeyId: stackKey.id,
});

// PUT Object - Copy with an SSE-KMS target, over http.
new aws.s3.ObjectCopy("kms-copy-http", {
    bucket: kmsDefaultBucket.bucket,
    key: "copies/kms.txt",
    source: "obs-sse-violations-kms-default/explicit/kms.txt",
    serverSideEncryption: "aws:kms",
    kmsKeyId: kmsKeyId,
});

// A bucket with SSE-KMS default encryption, and an object that refers to that bucket only by a
// name literal (no output, so no property dependency links them).
const namedBucket = new aws.s3.Bucket("named", { bucket: "obs-sse-violations-named" });
new aws.s3.BucketServerSideEncryptionConfiguration("named-sse", {
    bucket: namedBucket.bucket,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsKeyId } }],
});
new aws.s3.BucketObjectv2("named-literal-object", {
    bucket: "obs-sse-violations-named",
    key: "by-name/plain.txt",
    content: "no encryption of its own; the bucket default applies\n",
});

// --- obs-http (explicit, http, path-style) ------------------------------------------------

const httpBucket = new aws.s3.Bucket("http-bucket", { bucket: "obs-sse-violations-http" }, { provider: obsHttp });

// SSE-S3 (AES256) is not supported by the OTC S3-compatible API.
new aws.s3.BucketObject(
    "sse-s3-object",
    {
        bucket: httpBucket.bucket,
        key: "sse-s3.txt",
        content: "AES256 is SSE-S3, which OBS does not offer through the S3 API\n",
        serverSideEncryption: "AES256",
    },
    { provider: obsHttp },
);

// PUT Object - Copy from an SSE-C source to an SSE-C target, over http.
new aws.s3.ObjectCopy(
    "ssec-copy-http",
    {
        bucket: httpBucket.bucket,
        key: "copies/ssec.txt",
        source: "obs-sse-violations-http/ssec-source.txt",
        customerAlgorithm: "AES256",
        customerKey: ssecKey,
        customerKeyMd5: keyMd5(ssecKey),
        sourceCustomerAlgorithm: "AES256",
        sourceCustomerKey: ssecSourceKey,
        sourceCustomerKeyMd5: keyMd5(ssecSourceKey),
    },
    { provider: obsHttp },
);

// --- obs-insecure (explicit, https without certificate verification) -----------------------

new aws.s3.ObjectCopy(
    "ssec-copy-insecure",
    {
        bucket: "obs-sse-violations-http",
        key: "copies/ssec-insecure.txt",
        source: "obs-sse-violations-http/plain.txt",
        customerAlgorithm: "AES256",
        customerKey: ssecKey,
        customerKeyMd5: keyMd5(ssecKey),
    },
    { provider: obsInsecure },
);

// --- aws-frankfurt (plain AWS, not OBS): must be ignored by the policies -------------------

const awsBucket = new aws.s3.Bucket("aws-logs", { bucket: "obs-sse-violations-aws-logs" }, { provider: awsFrankfurt });
new aws.s3.BucketObjectv2(
    "aws-kms-object",
    {
        bucket: awsBucket.bucket,
        key: "kms.txt",
        content: "SSE-KMS on AWS itself\n",
        serverSideEncryption: "aws:kms",
    },
    { provider: awsFrankfurt },
);

export const kmsDefaultBucketName = kmsDefaultBucket.bucket;
export const stackKeyId = stackKey.id;
