// The resource policies share one assessment per Analyze request (policies/assess.ts), although the
// SDK hands each of them its own copy of the request. Sharing must never carry an assessment from
// one request into another: requests in a row, or in flight together, with the same URN and other
// props or another provider, get each their own answers, the answers each policy gives alone.
import { describe, expect, it, vi } from "vitest";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import type { ResourceValidation as ResourceValidationFn } from "@pulumi/policy/policy";
import { policies } from "../../policies/registry";
import * as resources from "../../policies/resources";
import { httpsHardeningPolicy } from "../../policies/rules/httpsHardening";
import { transferProtocolPolicy } from "../../policies/rules/transferProtocol";
import { sdkAnalyze, type SdkResult } from "../helpers/sdk";
import { awsProvider, resource, T } from "../helpers/fixtures";
import type { WireProvider, WireResource } from "../../testing/wire";

const resourcePolicies = policies.filter((p): p is ResourceValidationPolicy & (typeof policies)[number] => "validateResource" in p);
const https = awsProvider({ name: "obs", endpoint: "https://obs.eu-de.otc.t-systems.com" });
const http = awsProvider({ name: "obs", endpoint: "http://obs.eu-de.otc.t-systems.com" });
const minio = awsProvider({ name: "obs", endpoint: "https://minio.corp.example" });

/** The same object (same URN) with another encryption or behind another provider. */
const object = (sse: string, provider: WireProvider): WireResource => resource(T.objectV2, "report", { bucket: "data", key: "k", content: "x", serverSideEncryption: sse }, provider);

const summary = (r: SdkResult) => [...r.diagnostics.map((d) => `${d.enforcementLevel} ${d.policyName}`), ...r.notApplicable.map((n) => `n/a ${n.policyName}: ${n.reason}`)].sort();

async function alone(r: WireResource, config: Record<string, unknown> = {}): Promise<string[]> {
    const each = await Promise.all(resourcePolicies.map((p) => sdkAnalyze([p], r, config)));
    return summary({ diagnostics: each.flatMap((x) => x.diagnostics), notApplicable: each.flatMap((x) => x.notApplicable) });
}

describe("one assessment per Analyze request", () => {
    it("requests in a row with the same URN get their own answers, equal to each policy's alone", async () => {
        const cases = [object("aws:kms", http), object("aws:kms", minio), object("aws:kms", https), object("aws:kms:dsse", https)];
        const answers: string[][] = [];
        for (const r of [...cases, ...cases]) {
            const together = summary(await sdkAnalyze(resourcePolicies, r));
            expect(together).toEqual(await alone(r));
            answers.push(together);
        }
        // The cases differ, so a carried-over assessment would have shown.
        expect(new Set(answers.slice(0, 4).map((a) => a.join("|"))).size).toBe(4);
        expect(answers[0]).toContain("mandatory obs-sse-transfer-protocol");
        expect(answers[1].every((a) => a.includes("not an OBS host"))).toBe(true);
    });

    it("requests in flight together get their own answers", async () => {
        const cases = [object("aws:kms", http), object("", https), object("aws:kms", https), object("AES256", http)];
        const together = await Promise.all(cases.map((r) => sdkAnalyze(resourcePolicies, r)));
        for (const [i, r] of cases.entries()) expect(summary(together[i])).toEqual(await alone(r));
    });

    it("policies with other scope options get their own assessment within one request", async () => {
        const gateway = object("aws:kms", awsProvider({ name: "gw", endpoint: "http://gw.corp.example" }));
        // obs-sse-transfer-protocol lists the gateway as OBS; obs-https-hardening keeps the default scope.
        const listing: ResourceValidationPolicy = {
            ...transferProtocolPolicy,
            validateResource: (args, report) => (transferProtocolPolicy.validateResource as ResourceValidationFn)({ ...args, getConfig: (() => ({ obsHosts: ["gw.corp.example"] })) as ResourceValidationArgs["getConfig"] }, report),
        };
        const r = summary(await sdkAnalyze([listing, httpsHardeningPolicy], gateway));
        expect(r).toContain("mandatory obs-sse-transfer-protocol");
        expect(r).toContain("n/a obs-https-hardening: provider \"gw\" has S3 endpoint host gw.corp.example, which is not an OBS host (list it in the obsHosts option if it is)");
        expect(r).toHaveLength(2);
    });

    it("reads the resource once per request, not once per resource policy", async () => {
        const spy = vi.spyOn(resources, "readResource");
        await sdkAnalyze(resourcePolicies, object("aws:kms", http));
        expect(spy).toHaveBeenCalledTimes(1);
        spy.mockRestore();
    });
});
