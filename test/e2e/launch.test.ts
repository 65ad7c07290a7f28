import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PackProcess } from "../../testing";
import { policies } from "../../policies/registry";
import { PROCESS_TIMEOUT_MS } from "../support/timeouts";

const PACK_DIR = path.resolve(__dirname, "../..");
const BROKEN_PACK_BOUND_MS = 120_000;

describe("the pack launched as the CLI launches it", { timeout: PROCESS_TIMEOUT_MS }, () => {
    let pack: PackProcess;
    beforeAll(async () => {
        pack = await PackProcess.launch(PACK_DIR, { timeoutMs: PROCESS_TIMEOUT_MS });
    }, PROCESS_TIMEOUT_MS);
    afterAll(async () => {
        await pack?.close();
    });

    it("prints a port and answers GetAnalyzerInfo with the obs-sse pack", async () => {
        expect(pack.port).toBeGreaterThan(0);
        const info = await pack.getAnalyzerInfo();
        expect(info.name).toBe("obs-sse");
        expect(info.version).toBe(require("../../package.json").version);
        expect(info.supportsConfig).toBe(true);
        expect(info.policies.map((p) => p.name)).toEqual(policies.map((p) => p.name));
    });

    it("answers GetPluginInfo with the policy SDK version", async () => {
        expect(await pack.getPluginVersion()).toMatch(/^v?\d+\.\d+\.\d+/);
    });

    it("writes nothing to stderr while starting", () => {
        expect(pack.stderr).toBe("");
    });

    it("keeps nothing of a settled call: no waiter on the pack's exit is left holding its promise and response", async () => {
        // A waiter per call used to stay for the life of the pack: a long run (a 100-round bench, a large
        // suite on one pack) kept every response it had received, until the heap ran out.
        await Promise.all(Array.from({ length: 20 }, () => pack.getPluginVersion()));
        const pending = (pack as unknown as { exitWaiters: ReadonlySet<unknown> | readonly unknown[] }).exitWaiters;
        expect("size" in pending ? pending.size : pending.length).toBe(0);
    });

    it("closes a pack cleanly: the process has exited when close() returns", async () => {
        expect(pack.exitStatus).toBeUndefined();
        await pack.close();
        expect(pack.exitStatus).toBeDefined();
    });
});

// Concurrent: the hung pack's wait for its bound overlaps the other launches.
describe("shutdown and failures", { timeout: PROCESS_TIMEOUT_MS, concurrent: true }, () => {
    // The hung pack prints first from a preloaded script, before the runner loads @pulumi/pulumi:
    // loading the runner alone outlasted a 10 s bound at a load average of 20 on two cores, so a
    // line printed by the pack's own program may come too late; one printed at process start
    // cannot (a bare Node.js start is a few tens of milliseconds of CPU).
    it("fails a hung pack within the bound, with what it printed", async () => {
        const hung = path.resolve(__dirname, "../fixtures/hung-pack");
        const started = Date.now();
        await expect(
            PackProcess.launch(hung, {
                timeoutMs: 10_000,
                env: { NODE_OPTIONS: `--require ${JSON.stringify(path.join(hung, "announce.js"))}` },
            }),
        ).rejects.toThrow(/printed no port within 10000 ms[\s\S]*hung-pack: started, and will never print a port/);
        expect(Date.now() - started).toBeLessThan(25_000);
    });

    it("fails a call to a pack that crashes mid-call, with its stderr", async () => {
        const p = await PackProcess.launch(path.resolve(__dirname, "../fixtures/crashing-pack"), { timeoutMs: PROCESS_TIMEOUT_MS });
        try {
            await expect(p.analyze({ urn: "urn:pulumi:s::p::t:m:R::r", type: "t:m:R", name: "r", properties: {} })).rejects.toThrow(
                /policy pack (exited \(code 3|RPC failed)[\s\S]*crashing-pack: giving up on purpose/,
            );
        } finally {
            await p.close();
        }
    });

    // The error says the pack exited (not that the bound passed): the launch fails when the pack
    // exits. The bound is a hang's, generous enough for a loaded machine to load @pulumi/pulumi.
    it("fails the launch with the pack's stderr, within the bound", async () => {
        const broken = path.resolve(__dirname, "../fixtures/broken-pack");
        const started = Date.now();
        await expect(PackProcess.launch(broken, { timeoutMs: BROKEN_PACK_BOUND_MS })).rejects.toThrow(
            /exited with code \d+ before printing its port[\s\S]*stderr[\s\S]*deliberately broken/,
        );
        expect(Date.now() - started).toBeLessThan(BROKEN_PACK_BOUND_MS);
    });
});
