// A Terraform plan is checked without the Pulumi SDKs: the core has its own unknown and sensitive
// marks, and the pack's hook registers the policy SDK's Secret only where the SDK is loaded anyway.
// A Pulumi program too: only its capture worker (a child process) loads @pulumi/pulumi.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

/** The compiled command run on `input` in a fresh process: its exit code, mandatory count and the @pulumi modules it loaded. */
function runCounting(input: string): { code: number; pulumi: string[]; cached: string[]; mandatory: number } {
    const script = `
            const Module = require("module");
            const load = Module._load;
            const pulumi = [];
            Module._load = function (request, parent, isMain) {
                if (request.startsWith("@pulumi/")) pulumi.push(request);
                return load.apply(this, arguments);
            };
            const { main } = require(${JSON.stringify(path.join(ROOT, "bin", "cli", "main.js"))});
            const { PassThrough } = require("node:stream");
            const out = new PassThrough();
            let text = "";
            out.on("data", (c) => (text += c));
            main(["-f", "json", ${JSON.stringify(input)}], { stdout: out, stderr: out, stdin: new PassThrough(), cwd: ${JSON.stringify(ROOT)} })
                .then((code) => process.stdout.write(JSON.stringify({ code, pulumi, cached: Object.keys(require.cache).filter((k) => k.includes("@pulumi")), mandatory: JSON.parse(text).summary.mandatory })));
        `;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", cwd: ROOT });
    expect(r.stderr).toBe("");
    return JSON.parse(r.stdout) as { code: number; pulumi: string[]; cached: string[]; mandatory: number };
}

describe("obs-sse-check on a plan", () => {
    it("loads no @pulumi module (compiled command, a plan with a sensitive SSE-C key and an http endpoint)", () => {
        const result = runCounting(path.join(ROOT, "examples", "terraform", "sensitive-customer-key", "plan.json"));
        // The plan's mandatory findings are found, with the SDK never loaded.
        expect(result.code).toBe(1);
        expect(result.mandatory).toBeGreaterThan(0);
        expect(result.pulumi).toEqual([]);
        expect(result.cached).toEqual([]);
    });
});

describe("obs-sse-check on a Pulumi program", () => {
    it("loads no @pulumi module in its own process: the program runs in the capture worker, and no pack process is started", () => {
        const result = runCounting(path.join(ROOT, "examples", "violations"));
        expect(result.code).toBe(1);
        expect(result.mandatory).toBeGreaterThan(0);
        expect(result.pulumi).toEqual([]);
        expect(result.cached).toEqual([]);
    }, 120_000);
});
