// The built command loads its own modules with require (cli/load.ts): a run that starts Node's ES
// module loader pays for it (about 0.1 s of a small plan's 0.35 s on this machine, BENCHMARKS.md).
// Each case runs the compiled command as users do, with a preload that says at exit whether the
// loader's translators (loaded by the first import() of a file) were ever loaded.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "bin", "cli", "obs-sse-check.js");
const dir = mkdtempSync(path.join(os.tmpdir(), "obs-sse-esm-"));
const preload = path.join(dir, "report-esm.js");
writeFileSync(
    preload,
    `process.on("exit", () => process.stderr.write("\\nesm-translators:" + process.moduleLoadList.some((m) => m.endsWith("internal/modules/esm/translators")) + "\\n"));\n`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: readonly string[]): { code: number | null; esm: boolean } {
    const r = spawnSync(process.execPath, ["-r", preload, ...args], { encoding: "utf8", cwd: ROOT });
    const flag = /esm-translators:(true|false)\n$/.exec(r.stderr);
    expect(flag, r.stderr).not.toBeNull();
    return { code: r.status, esm: flag?.[1] === "true" };
}

describe("the compiled command never starts Node's ES module loader", () => {
    it("the preload tells a run that did (an import() of a file)", () => {
        const target = path.join(dir, "imported.js");
        writeFileSync(target, "module.exports = 1;\n");
        expect(run(["-e", `import(${JSON.stringify(target)}).then(() => {})`]).esm).toBe(true);
    });

    it("--version", () => {
        expect(run([CLI, "--version"])).toEqual({ code: 0, esm: false });
    });

    it("a plan alone, in every format", () => {
        const plan = path.join(dir, "plan.json");
        copyFileSync(path.join(ROOT, "examples", "terraform", "sensitive-customer-key", "plan.json"), plan);
        for (const format of ["text", "json", "sarif", "junit", "github"])
            expect(run([CLI, "--format", format, plan]), format).toEqual({ code: 1, esm: false });
    });

    it("a plan read with its .tf files, and a directory of .tf files (the HCL parser's WebAssembly included)", () => {
        expect(run([CLI, path.join(ROOT, "examples", "terraform", "aliased-providers", "plan.json")]).esm).toBe(false);
        const source = run([CLI, path.join(ROOT, "examples", "terraform", "source-tfvars")]);
        expect(source.esm).toBe(false);
        expect([0, 1]).toContain(source.code);
    });
});
