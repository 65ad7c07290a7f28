import { supportedAlgorithmPolicy } from "../../../policies/rules/supportedAlgorithm";
import { KMS_KEY, resource, SSE_C_KEY, T, UNKNOWN } from "../../helpers/fixtures";
import { P, type RuleTable } from "./table";

export const supportedAlgorithmCases: RuleTable = {
    policy: supportedAlgorithmPolicy,
    cases: [
        {
            name: "aws:kms with a key on OTC",
            input: resource(T.objectV2, "kms", { serverSideEncryption: "aws:kms", kmsKeyId: KMS_KEY }, P.https),
            verdict: "pass",
        },
        { name: "no encryption on OTC", input: resource(T.objectV2, "plain", { content: "x" }, P.https), verdict: "pass" },
        {
            name: "AES256 (SSE-OBS) on Huawei",
            input: resource(T.objectV2, "aes-hw", { serverSideEncryption: "AES256" }, P.huaweiHttps),
            verdict: "pass",
        },
        {
            name: "SSE-C on a copy",
            input: resource(T.copy, "ssec", { source: "b/k", customerAlgorithm: "AES256", customerKey: SSE_C_KEY }, P.https),
            verdict: "pass",
        },
        {
            name: "AES256 (SSE-S3) on OTC",
            input: resource(T.object, "aes-otc", { serverSideEncryption: "AES256" }, P.https),
            verdict: ["mandatory"],
            says: "OTC OBS does not support SSE-S3 (AES256)",
        },
        {
            name: "aws:kms:dsse on Huawei",
            input: resource(T.objectV2, "dsse", { serverSideEncryption: "aws:kms:dsse" }, P.huaweiHttps),
            verdict: ["mandatory"],
        },
        {
            name: "kmsKeyId with AES256 on Huawei: contradictory, not refused by a source",
            input: resource(T.objectV2, "mixed-hw", { kmsKeyId: KMS_KEY, serverSideEncryption: "AES256" }, P.huaweiHttps),
            verdict: ["advisory"],
            says: "a contradictory request",
        },
        {
            name: "kmsKeyId with AES256 on OTC: AES256 refused, and contradictory",
            input: resource(T.objectV2, "mixed-otc", { kmsKeyId: KMS_KEY, serverSideEncryption: "AES256" }, P.https),
            verdict: ["mandatory", "advisory"],
        },
        {
            name: "a bucket default of AES256 on OTC",
            input: resource(
                T.bucket,
                "b",
                { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } },
                P.https,
            ),
            verdict: ["mandatory"],
        },
        {
            name: "serverSideEncryption computed during preview",
            input: resource(T.objectV2, "sse-computed", { serverSideEncryption: UNKNOWN.string }, P.https),
            verdict: ["advisory"],
        },
        {
            name: "SSE-C and SSE-KMS on one copy",
            input: resource(T.copy, "both", { customerAlgorithm: "AES256", customerKey: SSE_C_KEY, kmsKeyId: KMS_KEY }, P.https),
            verdict: ["mandatory"],
            says: "are both set",
        },
        {
            name: "any SSE through the eu-ch2 S3 API",
            input: resource(T.objectV2, "swiss", { serverSideEncryption: "aws:kms" }, P.swiss),
            verdict: ["advisory"],
            says: "eu-ch2 (Swiss) S3 API",
        },
    ],
};
