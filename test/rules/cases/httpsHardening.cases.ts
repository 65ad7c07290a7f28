import { httpsHardeningPolicy } from "../../../policies/rules/httpsHardening";
import { KMS_KEY, resource, SSE_C_KEY, T } from "../../helpers/fixtures";
import { P, type RuleTable } from "./table";

export const httpsHardeningCases: RuleTable = {
    policy: httpsHardeningPolicy,
    cases: [
        {
            name: "SSE-KMS upload over verified HTTPS",
            input: resource(T.objectV2, "kms-https", { content: "x", kmsKeyId: KMS_KEY }, P.https),
            verdict: "pass",
        },
        { name: "unencrypted upload over HTTP", input: resource(T.objectV2, "plain-http", { content: "x" }, P.http), verdict: "pass" },
        {
            name: "an SSE-C key copy over HTTP (left to obs-sse-c-key-transport)",
            input: resource(
                T.copy,
                "ssec-http",
                { source: "b/k", sourceCustomerAlgorithm: "AES256", sourceCustomerKey: SSE_C_KEY },
                P.http,
            ),
            verdict: "pass",
        },
        {
            name: "SSE-KMS object read back over HTTP (table 2 allows HEAD over HTTP)",
            input: resource(T.objectV2, "kms-http", { content: "x", kmsKeyId: KMS_KEY }, P.http),
            verdict: ["advisory"],
            says: "exposes metadata and request headers (no object body travels in these calls)",
        },
        {
            name: "SSE-KMS upload over TLS without certificate verification",
            input: resource(T.objectV2, "kms-insecure", { content: "x", kmsKeyId: KMS_KEY }, P.insecure),
            verdict: ["advisory"],
            says: "exposes object data, metadata and request headers",
        },
        {
            name: "a plain copy over HTTP whose source may be SSE-KMS",
            input: resource(T.copy, "copy-http", { source: "b/k" }, P.http),
            verdict: ["advisory"],
            says: "depending on the source object's encryption",
        },
    ],
};
