import { sseCKeyTransportPolicy } from "../../../policies/rules/sseCKeyTransport";
import { awsProvider, KMS_KEY, resource, SSE_C_KEY, T, UNKNOWN } from "../../helpers/fixtures";
import { P, type RuleTable } from "./table";

const keys = {
    source: "b/k",
    customerAlgorithm: "AES256",
    customerKey: SSE_C_KEY,
    sourceCustomerAlgorithm: "AES256",
    sourceCustomerKey: SSE_C_KEY,
};

export const sseCKeyTransportCases: RuleTable = {
    policy: sseCKeyTransportPolicy,
    cases: [
        { name: "keys over verified HTTPS", input: resource(T.copy, "ssec-https", keys, P.https), verdict: "pass" },
        {
            name: "a copy without keys over HTTP",
            input: resource(T.copy, "kms-http", { source: "b/k", kmsKeyId: KMS_KEY }, P.http),
            verdict: "pass",
        },
        {
            name: "keys over HTTP",
            input: resource(T.copy, "ssec-http", keys, P.http),
            verdict: ["mandatory"],
            says: "customerKey and sourceCustomerKey in clear text over HTTP",
        },
        {
            name: "a source key over HTTP, where the matrix row allows HTTP",
            input: resource(
                T.copy,
                "src-key-http",
                { source: "b/k", sourceCustomerAlgorithm: "AES256", sourceCustomerKey: SSE_C_KEY },
                P.http,
            ),
            verdict: ["mandatory"],
        },
        {
            name: "keys over TLS without certificate verification",
            input: resource(T.copy, "ssec-insecure", keys, P.insecure),
            verdict: ["mandatory"],
            says: "without certificate verification",
        },
        {
            name: "keys while insecure is computed during preview",
            input: resource(
                T.copy,
                "ssec-unknown-tls",
                keys,
                awsProvider({ name: "later", endpoint: "https://obs.eu-de.otc.t-systems.com", raw: { insecure: UNKNOWN.boolean } }),
            ),
            verdict: ["advisory"],
        },
        { name: "keys to a provider talking to AWS", input: resource(T.copy, "on-aws", keys, P.aws), verdict: "not-applicable" },
    ],
};
