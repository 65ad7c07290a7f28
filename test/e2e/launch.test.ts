import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PackProcess } from "../harness/pack";
import { policies } from "../../policies/registry";

const PACK_DIR = path.resolve(__dirname, "../..");

describe("the pack launched as the CLI launches it", () => {
    let pack: PackProcess;
    beforeAll(async () => {
        pack = await PackProcess.launch(PACK_DIR);
    });
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
});

describe("a pack that cannot start", () => {
    it("fails the launch with the pack's stderr, within the bound", async () => {
        const broken = path.resolve(__dirname, "../fixtures/broken-pack");
        const started = Date.now();
        await expect(PackProcess.launch(broken, { timeoutMs: 15_000 })).rejects.toThrow(/exited with code \d+ before printing its port[\s\S]*stderr[\s\S]*deliberately broken/);
        expect(Date.now() - started).toBeLessThan(15_000);
    });
});
