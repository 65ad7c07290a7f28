import { virtualHostedStylePolicy } from "../../../policies/rules/virtualHostedStyle";
import { awsProvider, defaultAwsProvider, resource, T, UNKNOWN } from "../../helpers/fixtures";
import { providerItself, type RuleTable } from "./table";

const endpoint = "https://obs.eu-de.otc.t-systems.com";
const pathStyled = awsProvider({ name: "ps", endpoint, pathStyle: true });

export const virtualHostedStyleCases: RuleTable = {
    policy: virtualHostedStylePolicy,
    cases: [
        { name: "a provider without s3UsePathStyle", input: providerItself(awsProvider({ name: "vh", endpoint })), verdict: "pass" },
        {
            name: "a provider with s3UsePathStyle false",
            input: providerItself(awsProvider({ name: "vh", endpoint, pathStyle: false })),
            verdict: "pass",
        },
        {
            name: "a bucket served by a path-style provider (reported once, on the provider)",
            input: resource(T.bucket, "b", {}, pathStyled),
            verdict: "pass",
        },
        {
            name: "a provider with s3UsePathStyle true",
            input: providerItself(pathStyled),
            verdict: ["advisory"],
            says: "the 403 VirtualHostDomainRequired refusal is documented for its native API",
        },
        {
            name: "the default provider with aws:s3UsePathStyle true",
            input: providerItself(defaultAwsProvider({ endpoints: JSON.stringify([{ s3: endpoint }]), s3UsePathStyle: "true" })),
            verdict: ["advisory"],
            says: "stack config aws:s3UsePathStyle",
        },
        {
            name: "s3UsePathStyle computed during preview",
            input: providerItself(awsProvider({ name: "later", endpoint, raw: { s3UsePathStyle: UNKNOWN.boolean } })),
            verdict: ["advisory"],
        },
        {
            name: "path style towards another S3 host",
            input: providerItself(awsProvider({ name: "minio", endpoint: "http://minio.local", pathStyle: true })),
            verdict: "not-applicable",
        },
    ],
};
