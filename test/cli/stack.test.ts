// --stack NAME reaches the Pulumi-program harness as checkPulumiPrograms(dirs, configFile, { stack }).
// The harness is replaced here (its own tests drive real programs); its config reconciliation is kept.
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type * as Harness from "../../cli/harness";
import { runCommand } from "./runCommand";
import { at } from "../support/items";

const calls: Array<Parameters<typeof Harness.checkPulumiPrograms>> = [];

vi.mock("../../cli/harness", async (importOriginal) => {
    const original = await importOriginal<typeof Harness>();
    return {
        ...original,
        checkPulumiPrograms: async (...args: Parameters<typeof Harness.checkPulumiPrograms>) => {
            calls.push(args);
            return args[0].map((dir) => ({
                dir,
                stack: args[2]?.stack ?? "dev",
                stackLabel: `stack ${args[2]?.stack ?? "dev"}`,
                stackConfigFile: undefined,
                resourceCount: 0,
                packLabel: "obs-sse@v0",
                remediated: [],
                diagnostics: [],
            }));
        },
    };
});

const ROOT = path.resolve(__dirname, "../..");

describe("--stack", () => {
    it("passes the stack name to the harness, and the report names it", async () => {
        calls.length = 0;
        const r = await runCommand(["--stack", "prod", path.join("examples", "compliant")], { cwd: ROOT });
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(calls).toHaveLength(1);
        expect(at(calls, 0)[0]).toEqual([path.join(ROOT, "examples", "compliant")]);
        expect(at(calls, 0)[2]).toEqual({ stack: "prod" });
        expect(r.stdout).toContain("Previewing examples/compliant (stack prod)");
    });

    it("without --stack, no stack is asked for; with --stack and no program, a warning", async () => {
        calls.length = 0;
        await runCommand(["-s=qa", path.join("examples", "compliant")], { cwd: ROOT });
        await runCommand([path.join("examples", "compliant")], { cwd: ROOT });
        expect(calls.map((c) => c[2])).toEqual([{ stack: "qa" }, { stack: undefined }]);
        const r = await runCommand(["--stack", "prod", path.join("examples", "terraform", "delete", "plan.json")], { cwd: ROOT });
        expect(r.code).toBe(1);
        expect(r.stderr).toContain("warning: --stack applies to Pulumi program directories, and none is among the inputs");
    });
});
