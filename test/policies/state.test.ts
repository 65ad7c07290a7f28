// The core on a state: redacted secrets are unknown, the pack tells analyze from a deployment by
// its environment, and the stack view reads what outputs say.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { inTerms, packModeOf, packTermsOf } from "../../policies/packMode";
import { findings, notApplicable, resourcePolicy } from "../../policies/policy";
import { readProvider } from "../../policies/providers";
import { defaultEncryptionOf, StackView, type StackResource } from "../../policies/stack/view";
import { callWithTerms, PULUMI_STATE_TERMS, PULUMI_TERMS, withTerms, would } from "../../policies/terms";
import { isRedacted, isUnknown, readBooleanInput, readJsonInput, Sensitive, valueOf } from "../../policies/values";
import { SECRET_SIG, SIG_KEY } from "../../policies/wireValues";
import { probeMeta } from "../helpers/probes";

const FIXTURES = path.resolve(__dirname, "../fixtures/state");

describe("redacted secrets", () => {
    it('"[secret]" and a ciphertext-only secret object are unknown; a secret with its value is not', () => {
        expect(isRedacted("[secret]")).toBe(true);
        expect(isUnknown("[secret]")).toBe(true);
        expect(isUnknown({ [SIG_KEY]: SECRET_SIG, ciphertext: "v1:abc" })).toBe(true);
        expect(isUnknown({ [SIG_KEY]: SECRET_SIG, value: "x" })).toBe(false);
        expect(isUnknown("[secret] ")).toBe(false);
    });

    it("a JSON-string input that is redacted reads as unknown, not as invalid JSON", () => {
        const parse = (v: unknown) => valueOf(v);
        expect(readJsonInput({ endpoints: "[secret]" }, "endpoints", parse)).toEqual({ state: "unknown" });
        expect(readJsonInput({ endpoints: new Sensitive("[secret]") }, "endpoints", parse)).toEqual({ state: "unknown" });
        expect(readBooleanInput({ insecure: new Sensitive("[secret]") }, "insecure")).toEqual({ state: "unknown" });
        // Other text that is not JSON is still invalid.
        expect(readJsonInput({ endpoints: "http://x" }, "endpoints", parse).state).toBe("invalid");
    });
});

describe("providers whose endpoint input is redacted", () => {
    const provider = (type: string, props: Record<string, unknown>) => ({
        type,
        urn: `urn:pulumi:s::p::${type}::default`,
        name: "default",
        props,
    });

    it("read the endpoint as unknown and say which input is redacted, for every provider package", () => {
        const cases: Array<[string, Record<string, unknown>, string]> = [
            ["pulumi:providers:aws", { endpoints: new Sensitive("[secret]") }, "endpoints"],
            ["pulumi:providers:opentelekomcloud", { authUrl: "[secret]", region: "eu-de" }, "authUrl"],
            ["pulumi:providers:huaweicloud", { region: new Sensitive("[secret]") }, "region"],
        ];
        for (const [type, props, input] of cases) {
            const settings = readProvider(provider(type, props))!;
            expect(settings.endpoint, type).toEqual({ state: "unknown" });
            expect(settings.endpointUnknowable, type).toContain(`its ${input} input is a secret whose value the input does not hold`);
        }
    });

    it("a redacted insecure alone leaves the endpoint as it is, and insecure unknown", () => {
        const settings = readProvider(
            provider("pulumi:providers:aws", {
                endpoints: JSON.stringify([{ s3: "https://obs.eu-de.otc.t-systems.com" }]),
                insecure: "[secret]",
            }),
        )!;
        expect(settings.endpoint.state).toBe("value");
        expect(settings.endpointUnknowable).toBeUndefined();
        expect(settings.insecure).toEqual({ state: "unknown" });
    });
});

describe("the pack's mode", () => {
    it("is a deployment when the engine set a dry-run variable, and a state analysis when it set none", () => {
        expect(packModeOf({ PULUMI_DRY_RUN: "true" })).toBe("deployment");
        expect(packModeOf({ PULUMI_NODEJS_DRY_RUN: "false" })).toBe("deployment");
        expect(packModeOf({ PULUMI_STACK: "dev" })).toBe("state");
        expect(packModeOf({})).toBe("state");
        expect(packTermsOf("state")).toBe(PULUMI_STATE_TERMS);
        expect(packTermsOf("deployment")).toBe(PULUMI_TERMS);
    });

    it("words what resources do: would call in a preview, calls when deployed", () => {
        expect(would("call")).toBe("would call");
        expect(withTerms(PULUMI_STATE_TERMS, () => would("call"))).toBe("calls");
        expect(withTerms(PULUMI_STATE_TERMS, () => would("break", true))).toBe("break");
        expect(PULUMI_STATE_TERMS.subject({ type: "aws:s3/bucket:Bucket", name: "b", urn: "u" })).toBe(
            'aws:s3/bucket:Bucket "b" (deployed)',
        );
    });

    it("the pack's policies run under its terms (inTerms), and the terms before are back after each call, thrown or not", () => {
        const seen: string[] = [];
        const probe = resourcePolicy(probeMeta("probe", "Probe.", "advisory", "low"), () => {
            seen.push(would("call"));
            return findings();
        });
        const served = inTerms(probe, PULUMI_STATE_TERMS);
        const validate = "validateResource" in served ? served.validateResource : undefined;
        if (typeof validate !== "function") throw new Error("the probe has no single validateResource");
        const args = { type: "t", urn: "u", name: "n", props: {}, opts: {}, getConfig: () => ({}) } as unknown as Parameters<
            typeof validate
        >[0];
        void validate(args, () => {});
        expect(seen).toEqual(["calls"]);
        expect(would("call")).toBe("would call");
        expect(() =>
            callWithTerms(
                PULUMI_STATE_TERMS,
                (a: number, b: number) => {
                    seen.push(`${would("call")} ${a + b}`);
                    throw new Error("stop");
                },
                1,
                2,
            ),
        ).toThrow("stop");
        expect(seen).toEqual(["calls", "calls 3"]);
        expect(would("call")).toBe("would call");
    });
});

describe("a resource policy served under the pack's terms", () => {
    const args = (notApplicable: (reason: string) => void) =>
        ({
            type: "t",
            urn: "u",
            name: "n",
            props: {},
            opts: { aliases: [] },
            getConfig: () => ({}),
            notApplicable,
        }) as unknown as Parameters<ReturnType<typeof validationOf>>[0];
    const validationOf = (served: ReturnType<typeof inTerms>) => {
        const validate = "validateResource" in served ? served.validateResource : undefined;
        if (typeof validate !== "function") throw new Error("the probe has no single validateResource");
        return validate;
    };

    it("puts the terms before back when the SDK's args throw, and before the SDK's not-applicable exception", () => {
        const seen: string[] = [];
        const probe = resourcePolicy(probeMeta("probe", "Probe.", "advisory", "low"), () => {
            seen.push(would("call"));
            return notApplicable("never mind");
        });
        const validate = validationOf(inTerms(probe, PULUMI_STATE_TERMS));
        const stop = new Error("not applicable");
        const thrower = args(() => {
            seen.push(would("call"));
            throw stop;
        });
        expect(() => validate(thrower, () => {})).toThrow(stop);
        expect(seen).toEqual(["calls", "would call"]);
        const broken = new Error("no config");
        expect(() =>
            validate(
                {
                    ...thrower,
                    getConfig: () => {
                        seen.push(would("call"));
                        throw broken;
                    },
                },
                () => {},
            ),
        ).toThrow(broken);
        expect(seen).toEqual(["calls", "would call", "calls"]);
        expect(would("call")).toBe("would call");
    });

    it("runs under its terms when served from a copy of the policy, and in the terms in force when not served", () => {
        const seen: string[] = [];
        const probe = resourcePolicy(probeMeta("probe", "Probe.", "advisory", "low"), () => {
            seen.push(would("call"));
            return findings();
        });
        void validationOf(inTerms({ ...probe, name: "copy" }, PULUMI_STATE_TERMS))(
            args(() => {}),
            () => {},
        );
        void validationOf(probe)(
            args(() => {}),
            () => {},
        );
        void withTerms(PULUMI_STATE_TERMS, () =>
            validationOf(probe)(
                args(() => {}),
                () => {},
            ),
        );
        expect(seen).toEqual(["calls", "would call", "calls"]);
    });
});

describe("the stack view reads outputs as AnalyzeStack gives them", () => {
    it("a bucket whose inputs name no encryption and whose outputs show a default one is encrypted (real export)", () => {
        const doc = JSON.parse(readFileSync(path.join(FIXTURES, "pulumi-aws_bucket_5.42.0_stack.json"), "utf8")) as {
            deployment: { resources: Array<{ urn: string; type: string; inputs?: unknown; outputs?: unknown }> };
        };
        const bucket = doc.deployment.resources.find((r) => r.type === "aws:s3/bucket:Bucket")!;
        const as = (props: unknown): StackResource[] => [
            { type: bucket.type, urn: bucket.urn, name: "tested-resource", props, propertyDependencies: {} },
        ];
        const fromOutputs = new StackView(as(bucket.outputs)).buckets[0]!;
        expect(fromOutputs.defaults.map((d) => d.value)).toEqual(["AES256"]);
        expect(defaultEncryptionOf(fromOutputs)).toBe("other");
        expect(new StackView(as(bucket.inputs)).buckets[0]!.defaults).toEqual([]);
    });

    it("the bucketV2 outputs shape (serverSideEncryptionConfigurations) too", () => {
        const doc = JSON.parse(readFileSync(path.join(FIXTURES, "SYNTHETIC_default-aws-provider-with-endpoints_stack.json"), "utf8")) as {
            deployment: { resources: Array<{ urn: string; type: string; outputs?: unknown }> };
        };
        const bucket = doc.deployment.resources.find((r) => r.type === "aws:s3/bucketV2:BucketV2")!;
        const view = new StackView([{ type: bucket.type, urn: bucket.urn, name: "data", props: bucket.outputs, propertyDependencies: {} }]);
        expect(view.buckets[0]!.defaults.map((d) => d.value)).toEqual(["AES256"]);
    });
});
