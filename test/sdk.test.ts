// The behaviours of @pulumi/policy the pack relies on without documentation (and, at the end, the
// secret marks policies/sdkSecrets.ts keeps), checked against
// the installed SDK itself (its server's Analyze handler and its proxy module), so that an SDK
// upgrade that changes either fails here first. package.json pins the SDK's minor version.
import { unknownCheckingProxy, type ReportViolation, type ResourceValidationPolicy } from "@pulumi/policy";
import { secretsPreservingProxy } from "@pulumi/policy/secret";
import { describe, expect, it } from "vitest";
import { resourcePolicy, findings } from "../policies/policy";
import { keepSecretMarks } from "../policies/sdkSecrets";
import { IS_PROXY, PROXY_TARGET, rawField, reveal, UNKNOWN_SENTINELS, isUnknown, unproxy } from "../policies/values";
import { UNKNOWN } from "../engine/wire";
import { awsProvider, resource, secret, T } from "./helpers/fixtures";
import { probeMeta } from "./helpers/probes";
import { asRuntimeProps } from "./helpers/runPolicy";
import { sdkAnalyze } from "./helpers/sdk";
import { at } from "./support/items";

// The SDK's proxy module is internal (its .d.ts is empty); load it as the SDK's server does.

const sdkProxy = require("@pulumi/policy/proxy") as Record<string, unknown>;

const probe = (validate: (report: ReportViolation) => void, level: "advisory" | "mandatory" = "mandatory"): ResourceValidationPolicy => ({
    name: "probe",
    description: "Probe description.",
    enforcementLevel: level,
    severity: "medium",
    validateResource: (_args, report) => validate(report),
});
const anything = resource(T.objectV2, "o", { bucket: "b" });

describe("@pulumi/policy: reportViolation", () => {
    it("string form: the policy's description, a newline and the message, at the configured level", async () => {
        const res = await sdkAnalyze([probe((report) => report("what is wrong"))], anything);
        expect(res.diagnostics).toEqual([
            expect.objectContaining({ message: "Probe description.\nwhat is wrong", enforcementLevel: "mandatory" }),
        ]);
        const configured = await sdkAnalyze([probe((report) => report("what is wrong"))], anything, {}, "advisory");
        expect(at(configured.diagnostics, 0).enforcementLevel).toBe("advisory");
    });

    it("object form (undocumented): the message as given, with its own enforcement level and severity", async () => {
        const objectForm = (report: ReportViolation) =>
            (report as unknown as (v: object) => void)({
                message: "as given",
                enforcementLevel: "advisory",
                severity: "low",
                urn: "urn:x",
            });
        const res = await sdkAnalyze([probe(objectForm)], anything);
        expect(res.diagnostics).toEqual([
            { policyName: "probe", message: "as given", enforcementLevel: "advisory", severity: 1, urn: "urn:x" },
        ]);
    });

    it("the pack's advisory-only findings reach the engine at advisory under a mandatory policy", async () => {
        const meta = probeMeta("probe", "Probe description.", "mandatory");
        const policy = resourcePolicy(meta, () => findings({ message: "waits", advisoryOnly: true }, { message: "breaks" }));
        const res = await sdkAnalyze([policy], anything);
        expect(res.diagnostics.map((d) => [d.message, d.enforcementLevel])).toEqual([
            ["Probe description.\nwaits", "advisory"],
            ["Probe description.\nbreaks", "mandatory"],
        ]);
    });
});

describe("@pulumi/policy: not-applicable", () => {
    it("the handler reads only the reason of what notApplicable throws, in its catch; the pack throws the SDK's exception again with each new reason", async () => {
        const reasons = ["first reason", "second reason", "third reason"];
        let constructed = 0;
        const counting = (reason: string) =>
            resourcePolicy(probeMeta(`na-${reason.split(" ")[0]!}`, "Probe.", "mandatory"), () => ({ notApplicable: reason }));
        // Count the SDK's exceptions asked for: the pack sets Error.stackTraceLimit twice around each (to 0 and back).
        const limit = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit")!;
        Object.defineProperty(Error, "stackTraceLimit", {
            configurable: true,
            get: () => 10,
            set: () => {
                constructed++;
            },
        });
        try {
            const results = [];
            for (const round of [0, 1]) {
                for (const reason of reasons) results.push({ round, reason, result: await sdkAnalyze([counting(reason)], anything) });
            }
            for (const { reason, result } of results) {
                expect(result.diagnostics).toEqual([]);
                expect(result.notApplicable).toEqual([{ policyName: `na-${reason.split(" ")[0]!}`, reason }]);
            }
        } finally {
            Object.defineProperty(Error, "stackTraceLimit", limit);
        }
        // At most one exception was asked of the SDK (none when an earlier test already gave one) for six answers.
        expect(constructed).toBeLessThanOrEqual(2);
    });
});

describe("@pulumi/policy: the unknown-value proxy", () => {
    it("the pack's sentinels are the SDK's, and so are the harness's", () => {
        const sdkSentinels = Object.entries(sdkProxy)
            .filter(([k]) => /^unknown\w+Value$/.test(k))
            .map(([, v]) => v);
        expect(sdkSentinels).toHaveLength(7);
        expect(new Set(sdkSentinels)).toEqual(UNKNOWN_SENTINELS);
        expect(new Set(Object.values(UNKNOWN))).toEqual(UNKNOWN_SENTINELS);
    });

    it("the proxy keys are the SDK's, and a proxy answers them with its target (undocumented)", () => {
        expect(sdkProxy.isSpecialProxy).toBe(IS_PROXY);
        expect(sdkProxy.getSpecialProxyTarget).toBe(PROXY_TARGET);
        const target = { a: UNKNOWN.string };
        const proxied = unknownCheckingProxy(target) as unknown as Record<string, unknown>;
        expect(proxied[IS_PROXY]).toBe(true);
        expect(proxied[PROXY_TARGET]).toBe(target);
        expect(unproxy(proxied)).toBe(target);
    });

    it("both of the SDK's proxies, nested, are peeled to the plain props; a plain object named like the keys is data", () => {
        const target = { endpoint: "https://obs.eu-de.otc.t-systems.com" };
        const nested = unknownCheckingProxy(secretsPreservingProxy(target));
        expect(unproxy(nested)).toBe(target);
        const lookalike = { [IS_PROXY]: true, [PROXY_TARGET]: { endpoint: "http://elsewhere.example" } };
        expect(unproxy(lookalike)).toBe(lookalike);
    });

    it("reading an unknown through the proxy throws, reading through the target does not", () => {
        const props = asRuntimeProps({ kmsKeyId: UNKNOWN.string, nested: { endpoint: UNKNOWN.string } });
        expect(() => (props as Record<string, unknown>).kmsKeyId).toThrow(/can't be known during preview/);
        expect(isUnknown(rawField(props, "kmsKeyId"))).toBe(true);
        expect(isUnknown(rawField(rawField(props, "nested"), "endpoint"))).toBe(true);
    });

    it("the pack decides on a resource whose provider endpoint is unknown, instead of the SDK's can't-run notice", async () => {
        const { transferProtocolPolicy } = await import("../policies/rules/transferProtocol.js");
        const r = resource(T.objectV2, "o", { bucket: "b", kmsKeyId: UNKNOWN.string }, awsProvider({ endpoint: UNKNOWN.string }));
        const res = await sdkAnalyze([transferProtocolPolicy], r);
        expect(res.diagnostics).toHaveLength(1);
        expect(at(res.diagnostics, 0).message).not.toMatch(/can't run policy/);
        expect(at(res.diagnostics, 0).enforcementLevel).toBe("advisory");
    });
});

describe("@pulumi/policy: secret marks (kept by policies/sdkSecrets.ts)", () => {
    const serverSource = require("node:fs").readFileSync(require.resolve("@pulumi/policy/server"), "utf8") as string;

    it("Analyze, AnalyzeStack and provider props are deserialized with secrets dropped, Remediate's kept, each through the module's exports at call time", () => {
        const calls = [...serverSource.matchAll(/deserialize_1\.deserializeProperties\([^)]*\), (true|false)\)/g)].map((m) => m[1]);
        expect(calls.sort()).toEqual(["false", "false", "false", "true"]);
    });

    it("with the hook, a policy still reads plain values through the SDK's proxies, and the pack's readers see which are secret", async () => {
        expect(keepSecretMarks()).toBe(true);
        expect(keepSecretMarks()).toBe(true);
        const seen: Array<[unknown, boolean, unknown, boolean]> = [];
        const policy: ResourceValidationPolicy = {
            name: "probe",
            description: "Probe.",
            enforcementLevel: "mandatory",
            validateResource: (args) => {
                const provider = args.provider!;
                seen.push([
                    (provider.props as Record<string, unknown>).endpoints,
                    reveal(rawObject(provider.props).endpoints).sensitive,
                    (args.props as Record<string, unknown>).bucket,
                    reveal(rawObject(args.props).bucket).sensitive,
                ]);
            },
        };
        const endpoints = JSON.stringify([{ s3: "http://obs.eu-de.otc.t-systems.com" }]);
        await sdkAnalyze([policy], resource(T.objectV2, "o", { bucket: "b" }, awsProvider({ raw: { endpoints: secret(endpoints) } })));
        expect(seen).toEqual([[endpoints, true, "b", false]]);
    });

    it("the policies of one Analyze request share one reading of its props and of its provider's (the SDK deserializes them per policy)", async () => {
        const readings: Array<{ props: unknown; provider: unknown }> = [];
        const probe = (name: string): ResourceValidationPolicy => ({
            name,
            description: "Probe.",
            enforcementLevel: "mandatory",
            validateResource: (args) => {
                readings.push({ props: unproxy(args.props), provider: unproxy(args.provider!.props) });
            },
        });
        const r = resource(
            T.objectV2,
            "o",
            { bucket: "b", kmsKeyId: secret("k") },
            awsProvider({ endpoint: "https://obs.eu-de.otc.t-systems.com" }),
        );
        await sdkAnalyze([probe("one"), probe("two"), probe("three")], r);
        await sdkAnalyze([probe("four")], r);
        expect(readings).toHaveLength(4);
        const [first, ...rest] = readings;
        for (const other of rest.slice(0, 2)) {
            expect(other.props).toBe(first!.props);
            expect(other.provider).toBe(first!.provider);
        }
        // Another request (the same resource sent again) is read afresh.
        expect(rest[2]!.props).not.toBe(first!.props);
        expect(rest[2]!.props).toEqual(first!.props);
        // The shared reading keeps the secret marks.
        expect(reveal((first!.props as Record<string, unknown>).kmsKeyId)).toEqual({ value: "k", sensitive: true });
    });

    it("holds readings only until the running task is done: a request's policies share them, a later task reads afresh", async () => {
        expect(keepSecretMarks()).toBe(true);
        const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as {
            Struct: { fromJavaScript(v: Record<string, unknown>): unknown };
        };
        const deserialize = (require("@pulumi/policy/deserialize") as { deserializeProperties: (s: unknown, keep: boolean) => unknown })
            .deserializeProperties;
        // An AnalyzeStack call reads every resource once per stack policy, all within one task.
        const messages = Array.from({ length: 40 }, (_, i) => Struct.fromJavaScript({ bucket: `b${i}` }));
        const first = messages.map((m) => deserialize(m, false));
        await Promise.resolve();
        for (const [i, m] of messages.entries()) expect(deserialize(m, false)).toBe(first[i]);
        // Once the task is done, the readings are let go: the same message is read again, alike.
        await new Promise((resolve) => setImmediate(resolve));
        const again = deserialize(messages[0], false);
        expect(again).not.toBe(first[0]);
        expect(again).toEqual(first[0]);
    });
});

function rawObject(props: unknown): Record<string, unknown> {
    return unproxy(props) as Record<string, unknown>;
}
