import { signatureVersionPolicy } from "../../../policies/rules/signatureVersion";
import { KMS_KEY, resource, SSE_C_KEY, T, UNKNOWN } from "../../helpers/fixtures";
import { P, type RuleTable } from "./table";

const kms = resource(T.objectV2, "kms", { content: "x", kmsKeyId: KMS_KEY }, P.https);
const v2 = { providerSignatures: { "obs-https": "V2" } };

export const signatureVersionCases: RuleTable = {
    policy: signatureVersionPolicy,
    cases: [
        {
            name: "SSE-KMS upload, nothing declared (the aws provider signs V4, every S3-compatible row admits V4)",
            input: kms,
            verdict: "pass",
        },
        { name: "SSE-KMS upload declared V4", input: kms, config: { providerSignatures: { "obs-https": "V4" } }, verdict: "pass" },
        {
            name: "SSE-C copy declared V2 (table 1 and 3 allow V2)",
            input: resource(T.copy, "ssec", { source: "b/k", customerAlgorithm: "AES256", customerKey: SSE_C_KEY }, P.https),
            config: v2,
            verdict: "pass",
        },
        {
            name: "SSE-KMS upload declared V2 by provider name",
            input: kms,
            config: v2,
            verdict: ["mandatory"],
            says: 'would send V2-signed requests (policy option providerSignatures["obs-https"]',
        },
        {
            name: "SSE-KMS upload declared V2 by provider type",
            input: kms,
            config: { providerSignatures: { "pulumi:providers:aws": "V2" } },
            verdict: ["mandatory"],
        },
        {
            name: "serverSideEncryption computed during preview, declared V2",
            input: resource(T.objectV2, "sse-computed", { content: "x", serverSideEncryption: UNKNOWN.string }, P.https),
            config: v2,
            verdict: ["advisory"],
        },
        {
            name: "a malformed providerSignatures option",
            input: kms,
            config: { providerSignatures: { "obs-https": "V3" } },
            verdict: ["advisory"],
            says: "must be V2, V4 or OBS",
        },
        {
            name: "a forced native edition for a V4-signing provider: V4 is judged by otc-s3 and passes",
            input: kms,
            config: { edition: "otc-obs" },
            verdict: [],
        },
        {
            name: "a forced native edition does not drop the signature check",
            input: kms,
            config: { edition: "otc-obs", providerSignatures: { "obs-https": "V2" } },
            verdict: ["mandatory"],
            says: "otc-s3 matrix table 2",
        },
        {
            name: "a provider talking to AWS",
            input: resource(T.objectV2, "on-aws", { kmsKeyId: KMS_KEY }, P.aws),
            verdict: "not-applicable",
        },
    ],
};
