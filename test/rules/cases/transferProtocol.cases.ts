import { transferProtocolPolicy } from "../../../policies/rules/transferProtocol";
import { awsProvider, KMS_KEY, resource, SSE_C_KEY, T, UNKNOWN } from "../../helpers/fixtures";
import { P, type RuleTable } from "./table";

const kms = { bucket: "b", key: "k", content: "x", kmsKeyId: KMS_KEY };

export const transferProtocolCases: RuleTable = {
    policy: transferProtocolPolicy,
    cases: [
        { name: "SSE-KMS upload over HTTPS", input: resource(T.objectV2, "kms-https", kms, P.https), verdict: "pass" },
        {
            name: "unencrypted upload over HTTP (no row applies)",
            input: resource(T.objectV2, "plain-http", { content: "x" }, P.http),
            verdict: "pass",
        },
        {
            name: "AES256 upload over HTTP (the S3-compatible matrix has no SSE-OBS row)",
            input: resource(T.objectV2, "aes-http", { content: "x", serverSideEncryption: "AES256" }, P.http),
            verdict: "pass",
        },
        {
            name: "SSE-C source copied to an unencrypted target over HTTP (table 3 allows it)",
            input: resource(
                T.copy,
                "ssec-src-http",
                { source: "b/k", sourceCustomerAlgorithm: "AES256", sourceCustomerKey: SSE_C_KEY },
                P.http,
            ),
            verdict: "pass",
        },
        {
            name: "SSE-KMS upload over HTTP",
            input: resource(T.objectV2, "kms-http", kms, P.http),
            verdict: ["mandatory"],
            says: "PUT Object (create/update, body up to 5 MiB) on an SSE-KMS-encrypted object: otc-s3 matrix table 2",
        },
        {
            name: "SSE-KMS upload of unknown size over HTTP, default provider",
            input: resource(T.object, "kms-asset", { kmsKeyId: KMS_KEY, source: "./f" }, P.defaultHttp),
            verdict: ["mandatory"],
            says: "if the body is 5 MiB or less (its size is unknown to the pack), it may call:",
        },
        {
            name: "SSE-C copy target over HTTP",
            input: resource(T.copy, "ssec-http", { source: "b/k", customerAlgorithm: "AES256", customerKey: SSE_C_KEY }, P.http),
            verdict: ["mandatory"],
            says: "from a source object whose encryption is unknown to the pack",
        },
        {
            name: "SSE-KMS upload over HTTP to Huawei",
            input: resource(
                T.objectV2,
                "kms-hw",
                kms,
                awsProvider({ name: "hw-http", endpoint: "http://obs.cn-north-4.myhuaweicloud.com" }),
            ),
            verdict: ["mandatory"],
        },
        {
            name: "kmsKeyId computed during preview, over HTTP",
            input: resource(T.objectV2, "kms-computed", { content: "x", kmsKeyId: UNKNOWN.string }, P.http),
            verdict: ["mandatory"],
        },
        {
            name: "serverSideEncryption computed during preview, over HTTP",
            input: resource(T.objectV2, "sse-computed", { content: "x", serverSideEncryption: UNKNOWN.string }, P.http),
            verdict: ["advisory"],
            says: "serverSideEncryption is unknown during preview",
        },
        {
            name: "endpoint that is not valid JSON",
            input: resource(T.objectV2, "bad-endpoint", kms, awsProvider({ name: "bad", raw: { endpoints: "[{" } })),
            verdict: ["mandatory"],
            says: "whose endpoints is not valid JSON",
        },
        {
            name: "endpoint computed during preview",
            input: resource(T.objectV2, "endpoint-computed", kms, awsProvider({ name: "later", endpoint: UNKNOWN.string })),
            verdict: ["advisory"],
        },
        {
            name: "a provider talking to AWS",
            input: resource(T.objectV2, "on-aws", kms, P.aws),
            verdict: "not-applicable",
            says: "go to AWS, not OBS",
        },
        {
            name: "a provider talking to another S3 host",
            input: resource(T.objectV2, "on-minio", kms, P.minio),
            verdict: "not-applicable",
            says: "minio.local, which is not an OBS host",
        },
        { name: "a type no rule reads", input: resource("aws:ec2/instance:Instance", "vm", {}, P.http), verdict: "pass" },
    ],
};
