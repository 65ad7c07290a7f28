// Keys that differ must never share an answer. The review of ff5d820 (§3.5) found the scope
// options and the OBS host answers cached under obsHosts.join("\n"), so that ["gw.a\ngw.b"] and
// ["gw.a", "gw.b"] shared a reading and gw.b stopped being OBS.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { readProviderSignatures, readScopeConfig } from "../../policies/config";
import { assess } from "../../policies/assess";
import { TupleMemo } from "../../policies/memo";
import { obsHostOf } from "../../policies/obsHosts";
import { readProvider } from "../../policies/providers";
import { Sensitive } from "../../policies/values";
import { sharingStackView, stackContext } from "../../policies/stack/context";
import type { StackResource } from "../../policies/stack/view";

describe("no answer is shared between different options", () => {
    it("readScopeConfig reads each obsHosts list as it is", () => {
        // One entry holding two names is no host name: refused whole, never read as the two hosts.
        expect(readScopeConfig({ obsHosts: ["gw.a\ngw.b"] }).value.obsHosts).toEqual([]);
        expect(readScopeConfig({ obsHosts: ["gw.a\ngw.b"] }).problems).toHaveLength(1);
        expect(readScopeConfig({ obsHosts: ["gw.a", "gw.b"] }).value.obsHosts).toEqual(["gw.a", "gw.b"]);
        expect(readScopeConfig({ obsHosts: [1] }).problems).toHaveLength(1);
        expect(readScopeConfig({ obsHosts: ["1"] })).toEqual({ value: { obsHosts: ["1"], edition: undefined }, problems: [] });
    });

    it("readScopeConfig reads a list as it is on each call (entries changed in between), and a config without scope options as the defaults", () => {
        const hosts: unknown[] = ["gw.a", "gw.b"];
        const config = { obsHosts: hosts };
        expect(readScopeConfig({ ...config }).problems).toEqual([]);
        hosts[1] = "https://gw.b/path";
        expect(readScopeConfig({ ...config }).problems).toHaveLength(1);
        expect(readScopeConfig({ ...config }).value.obsHosts).toEqual([]);
        hosts[1] = "gw.c";
        expect(readScopeConfig({ ...config }).value.obsHosts).toEqual(["gw.a", "gw.c"]);
        hosts.push(42);
        expect(readScopeConfig({ ...config }).problems).toHaveLength(1);
        expect(readScopeConfig({ exemptions: [] })).toEqual({ value: { obsHosts: [], edition: undefined }, problems: [] });
        expect(readScopeConfig({ edition: "otc-s3" }).value).toEqual({ obsHosts: [], edition: "otc-s3" });
    });

    it("the schema's defaults (an empty obsHosts list, an empty providerSignatures map) are read as no option: one shared reading, nothing built per call", () => {
        // The command's reconciled config holds these defaults for every policy, read on every resource.
        const none = readScopeConfig({});
        expect(readScopeConfig({ obsHosts: [] })).toBe(none);
        expect(readScopeConfig({ obsHosts: [], exemptions: [] })).toBe(none);
        expect(readScopeConfig({ obsHosts: [], edition: "otc-s3" }).value).toEqual({ obsHosts: [], edition: "otc-s3" });
        expect(readScopeConfig({ obsHosts: [], edition: "otc-s4" }).problems).toHaveLength(1);
        const noSignatures = readProviderSignatures({});
        expect(readProviderSignatures({ providerSignatures: {} })).toBe(noSignatures);
        expect(readProviderSignatures({ providerSignatures: { obs: "V2" } }).value.get("obs")).toBe("V2");
        expect(readProviderSignatures({ providerSignatures: [] }).problems).toHaveLength(1);
    });

    it("obsHostOf answers for the listed hosts it is given", () => {
        expect(obsHostOf("gw.b", ["gw.a\ngw.b"])).toBeUndefined();
        expect(obsHostOf("gw.b", ["gw.a", "gw.b"])).toEqual({ host: "gw.b", cloud: "listed" });
        expect(obsHostOf("gw.b", ["gw.a\ngw.b"])).toBeUndefined();
    });
});

describe("TupleMemo", () => {
    it("keeps a value per key, comparing every part of the key", () => {
        const memo = new TupleMemo<string>(10, 4);
        let computed = 0;
        const get = (key: unknown[], v: string) => memo.get(key, () => (computed++, v));
        expect(get(["p", "gw.a\ngw.b"], "joined")).toBe("joined");
        expect(get(["p", "gw.a", "gw.b"], "two")).toBe("two");
        expect(get(["p", 1], "number")).toBe("number");
        expect(get(["p", "1"], "string")).toBe("string");
        expect(get(["p", "gw.a", "gw.b"], "again")).toBe("two");
        expect(computed).toBe(4);
    });

    it("keeps perGroup values per first part and drops the oldest group beyond groups", () => {
        const memo = new TupleMemo<number>(2, 1);
        let computed = 0;
        const get = (key: unknown[]) => memo.get(key, () => ++computed);
        get(["a", 1]);
        get(["a", 2]); // replaces ["a", 1] (one per group)
        expect(get(["a", 2])).toBe(2);
        expect(get(["a", 1])).toBe(3);
        get(["b", 1]);
        get(["c", 1]); // third group: "a" goes
        expect(get(["b", 1])).toBe(4);
        expect(get(["a", 1])).toBe(6);
    });
});

describe("the stack view of a run", () => {
    it("forget drops the values of one first part only", () => {
        const memo = new TupleMemo<number>(2, 2);
        let computed = 0;
        const get = (key: unknown[]) => memo.get(key, () => ++computed);
        get(["a", 1]);
        get(["b", 1]);
        memo.forget("a");
        expect(get(["b", 1])).toBe(2);
        expect(get(["a", 1])).toBe(3);
    });

    it("is let go when the run ends: the command's report is written without every resource held", async () => {
        const gc = gcFunction();
        const resources: StackResource[] = Array.from({ length: 3 }, (_, i) => ({
            type: "aws:s3/bucketObjectv2:BucketObjectv2",
            urn: `urn:pulumi:dev::p::aws:s3/bucketObjectv2:BucketObjectv2::o${i}`,
            name: `o${i}`,
            props: {},
            propertyDependencies: {},
        }));
        let held: WeakRef<object> | undefined;
        sharingStackView(() => {
            const view = stackContext(resources, {}).view;
            // Within the run, the stack policies share the one view.
            expect(stackContext(resources, {}).view).toBe(view);
            held = new WeakRef(view);
        });
        // WeakRef targets live to the end of the job that made them.
        await new Promise((resolve) => setTimeout(resolve, 0));
        gc();
        expect(held?.deref()).toBeUndefined();
    });
});

/** The engine's collector, as a function (exposed at run time, not by a command-line flag). */
function gcFunction(): () => void {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
}

describe("provider readings kept by their inputs", () => {
    const urn = "urn:pulumi:dev::app::pulumi:providers:aws::obs";
    const read = (s3: unknown) =>
        readProvider({ type: "pulumi:providers:aws", urn, name: "obs", props: { region: "eu-de", endpoints: [{ s3 }] } });
    const sensitiveOf = (s: ReturnType<typeof read>) => (s?.endpoint.state === "value" ? s.endpoint.value.sensitive === true : undefined);

    it("a sensitive endpoint and a plain one with the same text never share a reading, in either order", () => {
        // Plain inputs are keyed by their JSON without a replacer; a nested Secret wrapper must still
        // make a different key, or the second reading would show (or hide) the first's host.
        const url = "http://obs.eu-de.otc.t-systems.com";
        expect(sensitiveOf(read(url))).toBe(false);
        expect(sensitiveOf(read(new Sensitive(url)))).toBe(true);
        expect(sensitiveOf(read(url))).toBe(false);
        const other = "http://obs.eu-nl.otc.t-systems.com";
        expect(sensitiveOf(read(new Sensitive(other)))).toBe(true);
        expect(sensitiveOf(read(other))).toBe(false);
    });
});

describe("provider readings kept by their inputs as the engine sends them (JSON strings)", () => {
    const urn = "urn:pulumi:dev::app::pulumi:providers:aws::json";
    const read = (endpoints: unknown, name = "json") =>
        readProvider({ type: "pulumi:providers:aws", urn, name, props: { region: "eu-de", endpoints } });
    const sensitiveOf = (s: ReturnType<typeof read>) => (s?.endpoint.state === "value" ? s.endpoint.value.sensitive === true : undefined);
    const hostOf = (s: ReturnType<typeof read>) =>
        s?.endpoint.state === "value" && s.endpoint.value.kind === "url" ? s.endpoint.value.host : undefined;

    it("a sensitive endpoints input and a plain one with the same text never share a reading, in either order", () => {
        const text = JSON.stringify([{ s3: "http://obs.eu-de.otc.t-systems.com" }]);
        expect(sensitiveOf(read(text))).toBe(false);
        expect(sensitiveOf(read(new Sensitive(text)))).toBe(true);
        expect(sensitiveOf(read(text))).toBe(false);
        expect(sensitiveOf(read(new Sensitive(text)))).toBe(true);
    });

    it("a provider read again with the same inputs gets the same reading; a changed input or name a new one", () => {
        const deText = JSON.stringify([{ s3: "https://obs.eu-de.otc.t-systems.com" }]);
        const nlText = JSON.stringify([{ s3: "https://obs.eu-nl.otc.t-systems.com" }]);
        const first = read(deText);
        expect(read(`${deText}`)).toBe(first);
        expect(hostOf(read(nlText))).toBe("obs.eu-nl.otc.t-systems.com");
        expect(hostOf(read(deText))).toBe("obs.eu-de.otc.t-systems.com");
        expect(read(deText, "renamed")?.name).toBe("renamed");
        expect(read(deText)?.name).toBe("json");
    });
});

describe("a provider's part of an assessment, kept per reading", () => {
    it("is worked out again for other scope options: a host listed in one scope is not OBS in another", () => {
        const provider = {
            type: "pulumi:providers:aws",
            urn: "urn:pulumi:dev::app::pulumi:providers:aws::gw",
            name: "gw",
            props: { endpoints: JSON.stringify([{ s3: "https://gw.example" }]) },
        };
        const resource = {
            type: "aws:s3/bucketObject:BucketObject",
            urn: "urn:pulumi:dev::app::aws:s3/bucketObject:BucketObject::o",
            name: "o",
            props: {},
            provider,
        };
        const listed = readScopeConfig({ obsHosts: ["gw.example"] }).value;
        const none = readScopeConfig({}).value;
        expect(assess(resource, none).kind).toBe("not-applicable");
        expect(assess(resource, listed).kind).toBe("obs");
        expect(assess(resource, none).kind).toBe("not-applicable");
        expect(assess(resource, { obsHosts: ["gw.example"] }).kind).toBe("obs");
        const forced = assess(resource, { obsHosts: ["gw.example"], edition: "otc-obs" });
        expect(forced.kind === "obs" ? forced.edition : undefined).toBe("otc-obs");
    });
});
