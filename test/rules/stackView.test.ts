// The stack policies share one stack view per AnalyzeStack call (policies/stack/context.ts),
// although the SDK hands each of them its own copy of the resources. Sharing must never carry a
// view from one call into the next: two stacks in a row with the same URNs and other props give
// each their own answers, the answers each policy gives alone.
import { describe, expect, it, vi } from "vitest";
import * as resources from "../../policies/resources";
import { copySourcePolicy } from "../../policies/rules/copySource";
import { inheritedEncryptionPolicy } from "../../policies/rules/inheritedEncryption";
import { secureTransportPolicy } from "../../policies/rules/secureTransportPolicy";
import { sdkAnalyzeStack } from "../helpers/sdk";
import { stackResources } from "../helpers/runStack";
import { stackContext } from "../../policies/stack/context";
import { awsProvider, resource, T } from "../helpers/fixtures";
import type { WireResource, WireValue } from "../../engine/wire";
import { at } from "../support/items";

const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });
const stackPolicies = [copySourcePolicy, inheritedEncryptionPolicy, secureTransportPolicy];

/** A bucket and an object in it; only the bucket's default encryption differs between stacks. */
function stack(sse: string | undefined): WireResource[] {
    const props: Record<string, WireValue> = { bucket: "data" };
    if (sse) props.serverSideEncryptionConfiguration = { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: sse } } };
    const b = resource(T.bucket, "data", props, http);
    const o = {
        ...resource(T.objectV2, "plain", { bucket: "data", key: "k", content: "x", serverSideEncryption: "", kmsKeyId: "" }, http),
        propertyDependencies: { bucket: [b.urn] },
    };
    return [b, o];
}

const summary = (r: Awaited<ReturnType<typeof sdkAnalyzeStack>>) => r.diagnostics.map((d) => `${d.policyName} ${d.urn}`).sort();

describe("one stack view per AnalyzeStack call", () => {
    it("two stacks in a row with the same URNs get their own answers, equal to each policy's alone", async () => {
        const kms = stack("aws:kms");
        const plain = stack(undefined);
        const answers = [];
        for (const s of [kms, plain, kms, plain]) {
            const together = await sdkAnalyzeStack(stackPolicies, s);
            const alone = (await Promise.all(stackPolicies.map((p) => sdkAnalyzeStack([p], s)))).flatMap((r) => r.diagnostics);
            expect(summary(together)).toEqual(summary({ diagnostics: alone, notApplicable: [] }));
            answers.push(summary(together));
        }
        expect(answers[0]).not.toEqual(answers[1]);
        expect(answers[0]).toContain(`obs-sse-inherited-encryption ${at(kms, 1).urn}`);
        expect(answers[1]).toEqual([]);
        expect(answers[2]).toEqual(answers[0]);
        expect(answers[3]).toEqual(answers[1]);
    });

    it("reads each resource once per call, not once per stack policy", async () => {
        const spy = vi.spyOn(resources, "readResource");
        await sdkAnalyzeStack(stackPolicies, stack("aws:kms"));
        // The bucket and the object, each read once by the one view.
        expect(spy).toHaveBeenCalledTimes(2);
        spy.mockRestore();
    });

    it("builds a view of its own for a resource list without the SDK's options", () => {
        const a = stackContext(stackResources(stack("aws:kms")) as never, {});
        const b = stackContext(stackResources(stack(undefined)) as never, {});
        expect(a.view).not.toBe(b.view);
        expect(at(a.view.buckets, 0).defaults.map((d) => d.value)).toEqual(["aws:kms"]);
        expect(at(b.view.buckets, 0).defaults).toEqual([]);
    });
});
