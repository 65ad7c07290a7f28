// The stack view shared by the stack policies within one AnalyzeStack call, through the real
// analyzer protocol: consecutive calls with the same URNs and other props get their own answers.
import { beforeAll, describe, expect, it } from "vitest";
import type { PackProcess } from "../../engine/pack";
import { awsProvider, resource, T } from "../helpers/fixtures";
import type { WireResource, WireValue } from "../../engine/wire";
import { sharedPack } from "../support/sharedPack";
import { PROCESS_TIMEOUT_MS } from "../support/timeouts";
import { at } from "../support/items";

const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });

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

describe("AnalyzeStack calls in a row", { timeout: PROCESS_TIMEOUT_MS }, () => {
    let pack: PackProcess;
    beforeAll(async () => {
        pack = await sharedPack();
        await pack.configure({});
    }, PROCESS_TIMEOUT_MS);

    it("answer each stack for itself, though the URNs are the same", async () => {
        const names = async (s: WireResource[]) => (await pack.analyzeStack(s)).diagnostics.map((d) => `${d.policyName} ${d.urn}`).sort();
        const kms = await names(stack("aws:kms"));
        const plain = await names(stack(undefined));
        expect(kms).toContain(`obs-sse-inherited-encryption ${at(stack(undefined), 1).urn}`);
        expect(plain).toEqual([]);
        expect(await names(stack("aws:kms"))).toEqual(kms);
        expect(await names(stack(undefined))).toEqual(plain);
    });
});
