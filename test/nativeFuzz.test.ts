// Property-based robustness of the native readers: whatever the opentelekomcloud and huaweicloud
// providers and their OBS resources are given, no policy throws, every outcome names the resource
// or says why it does not apply, and no secret is echoed. FUZZ_RUNS scales it like test/fuzz.test.ts.
import fc from "fast-check";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { readProvider } from "../policies/providers";
import { readResource } from "../policies/resources";
import { policies } from "../policies/registry";
import { secret, UNKNOWN, type WireProps, type WireProvider, type WireResource, type WireValue } from "../engine/wire";
import { urnOf } from "./helpers/fixtures";
import { HW, OTC } from "./helpers/nativeFixtures";
import { asRuntimeProps, runResourcePolicy } from "./helpers/runPolicy";
import { runStackPolicy } from "./helpers/runStack";
import { runParameters } from "./support/fuzz";

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const params = runParameters(RUNS, process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : RUNS > 1_000 ? undefined : 20261127);
const TIMEOUT = Math.max(120_000, RUNS * 8);
const SECRETS = ["NATIVE-FUZZ-AK-5e1f", "NATIVE-FUZZ-SK-8c2d"] as const;

const unknown = fc.constantFrom(...Object.values(UNKNOWN));
const anyValue: fc.Arbitrary<WireValue> = fc.letrec<{ v: WireValue }>((tie) => ({
    v: fc.oneof(
        { depthSize: "small" },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        unknown,
        fc.array(tie("v"), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 8 }), tie("v"), { maxKeys: 3 }),
    ),
})).v;
const maybe = <V>(a: fc.Arbitrary<V>) => fc.option(a, { nil: undefined });
const url = fc.oneof(
    fc.constantFrom(
        "https://iam.eu-de.otc.t-systems.com/v3",
        "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3",
        "http://obs.cn-north-4.myhuaweicloud.com",
        "obs.ap-southeast-1.myhuaweicloud.com",
        `https://${SECRETS[0]}:${SECRETS[1]}@obs.eu-de.otc.t-systems.com`,
        "https://keystone.example/v3",
        "not a url",
        // User info cut short by a "/": a URL parser reads the secret as the host.
        `https://${SECRETS[0]}/x@iam.eu-de.otc.t-systems.com/v3`,
        `https://${SECRETS[1]}/x@obs.cn-north-4.myhuaweicloud.com`,
    ),
    fc.webUrl(),
    fc.string(),
    unknown,
);
const region = fc.oneof(
    fc.constantFrom("eu-de", "eu-nl", "eu-ch2", "cn-north-4", "eu-de_project", "", `cn-north-4/${SECRETS[0]}`, `${SECRETS[1]}@cn-north-4`),
    fc.string(),
    unknown,
    anyValue,
);
const bool = fc.oneof(fc.constantFrom("true", "false", "yes", ""), fc.boolean(), unknown, anyValue);

const providerArb: fc.Arbitrary<WireProvider> = fc
    .record({
        type: fc.constantFrom("pulumi:providers:opentelekomcloud", "pulumi:providers:huaweicloud"),
        authUrl: maybe(url),
        region: maybe(region),
        tenantName: maybe(region),
        endpointType: maybe(fc.oneof(fc.constantFrom("public", "internal", "adminURL"), anyValue)),
        cloud: maybe(fc.oneof(fc.constantFrom("myhuaweicloud.eu", "otc", `myhuaweicloud.com/${SECRETS[1]}`), anyValue)),
        insecure: maybe(bool),
        endpoints: maybe(
            fc.oneof(
                fc.record({ obs: url }).map((m) => JSON.stringify(m)),
                fc.record({ obs: url }),
                anyValue,
                fc.constant("{bad"),
            ),
        ),
    })
    .map(({ type, ...inputs }) => {
        const properties: WireProps = { accessKey: secret(SECRETS[0]), secretKey: secret(SECRETS[1]) };
        for (const [k, v] of Object.entries(inputs)) if (v !== undefined) properties[k] = v;
        return { urn: urnOf(type, "p"), type, name: "p", properties };
    });

const TYPES = [...Object.values(OTC), ...Object.values(HW)];
const resourceArb: fc.Arbitrary<{ type: string; props: WireProps }> = fc.record({
    type: fc.constantFrom(...TYPES),
    props: fc.record(
        {
            bucket: fc.oneof(fc.constantFrom("data"), fc.string(), unknown),
            key: fc.string(),
            content: fc.string(),
            encryption: bool,
            kmsKeyId: fc.oneof(fc.string(), unknown),
            sseAlgorithm: fc.oneof(fc.constantFrom("kms", "AES256", "SM4"), anyValue),
            serverSideEncryption: fc.oneof(
                fc.constantFrom("aws:kms", "AES256"),
                fc.record({ algorithm: fc.oneof(fc.constantFrom("kms"), anyValue) }),
                anyValue,
            ),
            policy: fc.oneof(
                fc.constant(
                    JSON.stringify({
                        Statement: [
                            {
                                Effect: "Deny",
                                Principal: { ID: ["*"] },
                                Action: "*",
                                Resource: ["data", "data/*"],
                                Condition: { Bool: { SecureTransport: "false" } },
                            },
                        ],
                    }),
                ),
                anyValue,
            ),
            policyFormat: fc.oneof(fc.constantFrom("obs", "s3"), anyValue),
        },
        { requiredKeys: [] },
    ) as fc.Arbitrary<WireProps>,
});

function clean(messages: readonly string[], label: string): void {
    for (const m of messages) {
        expect(m, label).not.toMatch(/defect in the policy pack/);
        // URL parsers lower-case hosts: a secret read as a host comes out in lower case.
        for (const s of SECRETS) expect(m.toLowerCase().includes(s.toLowerCase()), `${label} leaks a secret: ${m}`).toBe(false);
    }
}

describe("fuzzing the native readers and policies", () => {
    it(
        "provider readers decide every input: a reading per client, problems named by input",
        () => {
            fc.assert(
                fc.property(providerArb, fc.constantFrom("s3" as const, "obs" as const, undefined), (p, api) => {
                    const s = readProvider({ ...p, props: asRuntimeProps(p.properties) }, api)!;
                    expect(["s3", "obs"]).toContain(s.api);
                    if (s.endpoint.state === "invalid")
                        expect(s.endpoint.problem).toMatch(/^(authUrl|region|tenantName|endpointType|cloud|endpoints)/);
                    if (s.endpointUnknowable !== undefined) expect(s.endpoint.state).toBe("unknown");
                    clean([JSON.stringify(s)], "provider reading");
                }),
                params,
            );
        },
        TIMEOUT,
    );

    it(
        "resource readers read any props; problems name a field",
        () => {
            fc.assert(
                fc.property(resourceArb, ({ type, props }) => {
                    for (const p of readResource(type, asRuntimeProps(props))?.problems ?? []) expect(p).toMatch(/^[a-zA-Z[\]0-9.]+ /);
                }),
                params,
            );
        },
        TIMEOUT,
    );

    it(
        "every policy decides or reports on any native resource and stack, never throwing or leaking",
        async () => {
            const resourcePolicies = policies.filter((p): p is typeof p & ResourceValidationPolicy => "validateResource" in p);
            const stackPolicies = policies.filter((p): p is typeof p & StackValidationPolicy => "validateStack" in p);
            await fc.assert(
                fc.asyncProperty(fc.array(fc.tuple(resourceArb, providerArb), { minLength: 1, maxLength: 4 }), async (pairs) => {
                    const stack: WireResource[] = pairs.map(([r, provider], i) => ({
                        urn: urnOf(r.type, `r${i}`),
                        type: r.type,
                        name: `r${i}`,
                        properties: r.props,
                        provider,
                    }));
                    for (const r of stack) {
                        for (const policy of resourcePolicies) {
                            const run = await runResourcePolicy(policy, r);
                            if (run.notApplicable !== undefined) expect(run.notApplicable.length).toBeGreaterThan(10);
                            for (const v of run.violations) expect(v.message).toContain(`"${r.name}"`);
                            clean(
                                run.violations.map((v) => v.message),
                                policy.name,
                            );
                        }
                    }
                    for (const policy of stackPolicies)
                        clean(
                            (await runStackPolicy(policy, stack)).violations.map((v) => v.message),
                            policy.name,
                        );
                }),
                { ...params, numRuns: Math.max(20, Math.floor(RUNS / 2)) },
            );
        },
        TIMEOUT,
    );
});
