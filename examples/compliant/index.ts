// OBS server-side encryption done the way Open Telekom Cloud supports it, through @pulumi/aws
// pointed at the OBS S3-compatible endpoint of eu-de:
//   - every request goes over https through one explicit provider,
//   - the bucket's default encryption is SSE-KMS with an OTC KMS key id,
//   - objects use SSE-KMS (or inherit the bucket default),
//   - an SSE-C copy is made over https with the customer key kept secret,
//   - a bucket policy denies any request that is not made over TLS.
import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const kmsKeyId = config.require("kmsKeyId");
const bucketName = config.require("bucketName");

const obsEndpoint = "https://obs.eu-de.otc.t-systems.com";

const obs = new aws.Provider("otc-obs", {
    region: "eu-de",
    endpoints: [{ s3: obsEndpoint }],
    accessKey: config.requireSecret("obsAccessKey"),
    secretKey: config.requireSecret("obsSecretKey"),
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
    skipRegionValidation: true,
    s3UsePathStyle: false,
});

const bucket = new aws.s3.Bucket("data", { bucket: bucketName }, { provider: obs });

new aws.s3.BucketServerSideEncryptionConfiguration(
    "data-default-sse",
    {
        bucket: bucket.bucket,
        rules: [
            {
                applyServerSideEncryptionByDefault: {
                    sseAlgorithm: "aws:kms",
                    kmsMasterKeyId: kmsKeyId,
                },
            },
        ],
    },
    { provider: obs },
);

const report = new aws.s3.BucketObjectv2(
    "report",
    {
        bucket: bucket.bucket,
        key: "reports/2024.csv",
        content: "quarter,revenue\nQ1,100\n",
        contentType: "text/csv",
        serverSideEncryption: "aws:kms",
        kmsKeyId: kmsKeyId,
    },
    { provider: obs },
);

// No encryption of its own: OBS applies the bucket's default SSE-KMS, over https.
new aws.s3.BucketObjectv2(
    "readme",
    {
        bucket: bucket.bucket,
        key: "README.txt",
        content: "Encrypted at rest with the bucket default (SSE-KMS).\n",
    },
    { provider: obs },
);

// SSE-C target over https. The key is a secret; its MD5 is not sensitive.
const customerKeyBytes = Buffer.from("compliant-ssec-demo-key-32-bytes", "utf8"); // 32 bytes, fake
const customerKeyMd5 = crypto.createHash("md5").update(customerKeyBytes).digest("base64");

new aws.s3.ObjectCopy(
    "report-ssec-copy",
    {
        bucket: bucket.bucket,
        key: "reports/2024-ssec.csv",
        source: pulumi.interpolate`${bucket.bucket}/${report.key}`,
        customerAlgorithm: "AES256",
        customerKey: pulumi.secret(customerKeyBytes.toString("base64")),
        customerKeyMd5: customerKeyMd5,
    },
    { provider: obs },
);

new aws.s3.BucketPolicy(
    "data-tls-only",
    {
        bucket: bucket.bucket,
        policy: JSON.stringify({
            Version: "2008-10-17",
            Statement: [
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        }),
    },
    { provider: obs },
);

export const bucketId = bucket.bucket;
export const reportKey = report.key;
