// Every policy of one request reads one assessment of the resource (policies/assess.ts), and the
// command's stack policies one view of the plan (policies/stack/context.ts): the bench's item 8
// found each resource read again by every policy. Sharing must never carry an answer from one
// request into the next, nor change one: the answers stay those of each policy alone.
import { unknownCheckingProxy, type ResourceValidationPolicy } from "@pulumi/policy";
import { afterEach, describe, expect, it, vi } from "vitest";
import { policies } from "../../policies/registry";
import * as resources from "../../policies/resources";
import { checkResources, checkStack, type PolicyConfig } from "../../policies/run";
import { assess, type ResourceInput } from "../../policies/assess";
import { Sensitive, unproxy } from "../../policies/values";
import type { WireResource } from "../../engine/wire";
import { sdkAnalyze } from "../helpers/sdk";
import { stackResources } from "../helpers/runStack";
import { awsProvider, resource, T } from "../helpers/fixtures";
import { at } from "../support/items";

const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });
const resourcePolicies = policies.filter((p): p is (typeof policies)[number] & ResourceValidationPolicy => "validateResource" in p);

function object(sse: string): WireResource {
    return resource(T.objectV2, "doc", { bucket: "data", key: "k", content: "x", serverSideEncryption: sse, kmsKeyId: "" }, http);
}

function stack(): WireResource[] {
    const b = resource(T.bucket, "data", { bucket: "data" }, http);
    return [b, { ...object("aws:kms"), propertyDependencies: { bucket: [b.urn] } }];
}

const summary = (r: Awaited<ReturnType<typeof sdkAnalyze>>) =>
    r.diagnostics.map((d) => `${d.policyName} ${d.enforcementLevel} ${d.message}`).sort();
const NO_CONFIG: PolicyConfig = {};

afterEach(() => vi.restoreAllMocks());

describe("one assessment per request", () => {
    it("Analyze reads the resource once for all the pack's resource policies", async () => {
        expect(resourcePolicies.length).toBeGreaterThan(3);
        const spy = vi.spyOn(resources, "readResource");
        await sdkAnalyze(resourcePolicies, object("aws:kms"));
        expect(spy).toHaveBeenCalledTimes(1);
    });

    it("two requests in a row for the same URN get their own answers, equal to each policy's alone", async () => {
        const answers = [];
        for (const sse of ["aws:kms", "AES256", "aws:kms"]) {
            const together = await sdkAnalyze(resourcePolicies, object(sse));
            const alone = (await Promise.all(resourcePolicies.map((p) => sdkAnalyze([p], object(sse))))).flatMap((r) => r.diagnostics);
            expect(summary(together)).toEqual(summary({ diagnostics: alone, notApplicable: [] }));
            answers.push(summary(together));
        }
        expect(answers[0]).not.toEqual(answers[1]);
        expect(answers[2]).toEqual(answers[0]);
    });

    it("the command's checks read each resource once, and a changed resource anew", () => {
        const input = at(stackResources([object("aws:kms")]) as ResourceInput[], 0);
        const spy = vi.spyOn(resources, "readResource");
        const first = checkResources(policies, [input], NO_CONFIG);
        expect(spy).toHaveBeenCalledTimes(1);
        // The same objects, changed in place, are read again on the next pass.
        (input.props as Record<string, unknown>).serverSideEncryption = "AES256";
        const second = checkResources(policies, [input], NO_CONFIG);
        expect(spy).toHaveBeenCalledTimes(2);
        expect(second.map((r) => r.message)).not.toEqual(first.map((r) => r.message));
    });

    it("the command's stack policies share one view of the list per pass", () => {
        const list = stackResources(stack()) as never;
        const spy = vi.spyOn(resources, "readResource");
        checkStack(policies, list, NO_CONFIG);
        // The bucket and the object, each read once by the one view.
        expect(spy).toHaveBeenCalledTimes(2);
        checkStack(policies, list, NO_CONFIG);
        expect(spy).toHaveBeenCalledTimes(4);
    });

    it("readers get the props with the SDK's proxies peeled, and props sensitive as a whole stay sensitive", () => {
        const spy = vi.spyOn(resources, "readResource");
        const sdkProps = unknownCheckingProxy({ bucket: "data", key: "k", serverSideEncryption: "aws:kms" }) as Record<string, unknown>;
        const plain = unproxy(sdkProps);
        const provider = {
            type: http.type,
            urn: http.urn,
            name: http.name,
            props: http.properties,
        };
        assess({ type: T.objectV2, urn: "urn:a", name: "a", props: sdkProps, provider }, { obsHosts: [] });
        expect(spy.mock.calls[0]?.[1]).toBe(plain);
        // A whole props object marked sensitive (as a front end may wrap one): every value read from it is sensitive.
        const hidden = new Sensitive({ bucket: "data", key: "k", serverSideEncryption: "AES256" });
        const a = assess({ type: T.objectV2, urn: "urn:b", name: "b", props: hidden, provider }, { obsHosts: [] });
        expect(a.kind).toBe("obs");
        const plan = "plan" in a ? a.plan : undefined;
        expect(plan?.algorithms).toEqual([{ field: "serverSideEncryption", value: "AES256", sensitive: true }]);
    });
});
