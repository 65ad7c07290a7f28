// Pass/fail fixture tables, one per rule, in the manner of Checkov's per-check example sets: each
// row is an engine-shaped resource (or stack) with the exact verdict its policy must give. One
// table-driven test (../cases.test.ts) finds each table by its file name, <rule>.cases.ts beside
// policies/rules/<rule>.ts, and runs every row through the same helpers as the rule tests.
import type { PackPolicy } from "../../../policies/policy";
import type { WireResource } from "../../../engine/wire";
import { awsProvider, defaultAwsProvider } from "../../helpers/fixtures";

/**
 * "pass": no finding. "not-applicable": the policy says so (matching `reason` if given).
 * A list: exactly these findings, by level, in order.
 */
export type Verdict = "pass" | "not-applicable" | ReadonlyArray<"mandatory" | "advisory">;

export interface Case {
    readonly name: string;
    /** One resource for a resource policy; the whole stack for a stack policy. */
    readonly input: WireResource | readonly WireResource[];
    readonly config?: Record<string, unknown>;
    readonly verdict: Verdict;
    /** Text the first finding (or the not-applicable reason) must contain. */
    readonly says?: string;
}

export interface RuleTable {
    readonly policy: PackPolicy;
    readonly cases: readonly Case[];
}

/** Providers the tables share. */
export const P = {
    https: awsProvider({ name: "obs-https", endpoint: "https://obs.eu-de.otc.t-systems.com" }),
    http: awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" }),
    insecure: awsProvider({ name: "obs-insecure", endpoint: "https://obs.eu-de.otc.t-systems.com", insecure: true }),
    huaweiHttps: awsProvider({ name: "hw", endpoint: "https://obs.cn-north-4.myhuaweicloud.com" }),
    swiss: awsProvider({ name: "ch", endpoint: "https://obs.eu-ch2.sc.otc.t-systems.com" }),
    aws: awsProvider({ name: "aws" }),
    minio: awsProvider({ name: "minio", endpoint: "http://minio.local:9000" }),
    defaultHttp: defaultAwsProvider({ region: "eu-de", endpoints: '[{"s3":"http://obs.eu-de.otc.t-systems.com"}]' }),
} as const;

/** A provider resource as the engine analyzes it: its own inputs, no provider of its own. */
export function providerItself(p: (typeof P)[keyof typeof P]): WireResource {
    return { urn: p.urn, type: p.type, name: p.name, properties: p.properties };
}
