// The ways the command reaches CI: the composite GitHub Action (action.yml) and the pre-commit hook
// (.pre-commit-hooks.yaml). What can be tested here: their files parse, the actions they use are
// pinned, inputs reach the scripts only through the environment, and the command lines the
// action's script builds (run by bash with npx replaced by a recorder) and the hook's entry are
// accepted by the command's own parser, for each combination of inputs.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parseCommandLine, type CommandLine } from "../cli/args";

const ROOT = path.resolve(__dirname, "..");
// js-yaml (a runtime dependency) has no bundled types: its load, narrowed to what is used here.
const { load } = createRequire(__filename)("js-yaml") as { load: (text: string) => unknown };
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string; bin: Record<string, string> };

interface Step {
    readonly id?: string;
    readonly name?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly if?: string;
    readonly env?: Record<string, string>;
    readonly with?: Record<string, string>;
}
interface Action {
    readonly inputs: Record<string, { default?: string; required?: boolean; description: string }>;
    readonly outputs: Record<string, { value: string }>;
    readonly runs: { using: string; steps: Step[] };
}

const ACTION = load(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as Action;
const DIR = mkdtempSync(path.join(tmpdir(), "obs-sse-action-"));
/** A stand-in for npx: records its arguments (one JSON line per call) and exits with STUB_EXIT. */
const STUB_BIN = path.join(DIR, "bin");
spawnSync("mkdir", [STUB_BIN]);
writeFileSync(
    path.join(STUB_BIN, "npx"),
    `#!${process.execPath}\nrequire("fs").appendFileSync(process.env.STUB_LOG, JSON.stringify(process.argv.slice(2)) + "\\n");\nprocess.exit(Number(process.env.STUB_EXIT || 0));\n`,
);
chmodSync(path.join(STUB_BIN, "npx"), 0o755);

function step(id: string): Step {
    const s = ACTION.runs.steps.find((x) => x.id === id || x.name === id);
    if (!s) throw new Error(`action.yml has no step ${id}`);
    return s;
}

/** The step's env with `${{ inputs.x }}` and `${{ steps.check.outputs.y }}` filled in, as the runner would. */
function envOf(s: Step, inputs: Record<string, string>, outputs: Record<string, string> = {}): Record<string, string> {
    const values = Object.fromEntries(Object.entries(ACTION.inputs).map(([k, v]) => [k, inputs[k] ?? v.default ?? ""]));
    return Object.fromEntries(
        Object.entries(s.env ?? {}).map(([k, v]) => [
            k,
            v.replace(/\$\{\{\s*(inputs|steps\.check\.outputs)\.([a-z-]+)\s*\}\}/g, (_m, scope: string, name: string) =>
                scope === "inputs" ? (values[name] ?? "") : (outputs[name] ?? ""),
            ),
        ]),
    );
}

let runs = 0;
/** Runs the check step's script with bash; returns the npx calls it made and what it wrote to GITHUB_OUTPUT. */
function runCheck(inputs: Record<string, string>, exit = 0): { calls: string[][]; outputs: Record<string, string>; status: number | null } {
    const log = path.join(DIR, `calls-${runs}.jsonl`);
    const out = path.join(DIR, `output-${runs++}`);
    writeFileSync(log, "");
    writeFileSync(out, "");
    const r = spawnSync("bash", ["-c", step("check").run!], {
        cwd: DIR,
        encoding: "utf8",
        env: {
            ...envOf(step("check"), inputs),
            PATH: `${STUB_BIN}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
            GITHUB_ACTION_PATH: ROOT,
            GITHUB_OUTPUT: out,
            STUB_LOG: log,
            STUB_EXIT: String(exit),
        },
    });
    const calls = readFileSync(log, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as string[]);
    const outputs = Object.fromEntries(
        readFileSync(out, "utf8")
            .split("\n")
            .filter((l) => l.includes("="))
            .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    return { calls, outputs, status: r.status };
}

/** The obs-sse-check command line of an npx call, checked to run the package's own bin. */
function commandOf(call: readonly string[], pkg = `obs-sse-policy-pack@${PACKAGE.version}`): CommandLine {
    expect(call.slice(0, 5)).toEqual(["--yes", "--package", pkg, "--", "obs-sse-check"]);
    expect(Object.keys(PACKAGE.bin)).toContain(call[4]);
    const parsed = parseCommandLine(call.slice(5));
    if (parsed === "help" || parsed === "version") throw new Error("the action asked for help or the version");
    return parsed;
}

describe("action.yml (composite GitHub Action)", () => {
    it("is a composite action whose actions are pinned to a major version or a commit", () => {
        expect(ACTION.runs.using).toBe("composite");
        const uses = ACTION.runs.steps.flatMap((s) => (s.uses ? [s.uses] : []));
        expect(uses.map((u) => u.replace(/@.*/, ""))).toEqual(["actions/setup-node", "github/codeql-action/upload-sarif"]);
        for (const u of uses) expect(u).toMatch(/@(v\d+|[0-9a-f]{40})$/);
    });
    it("hands inputs to scripts only through the environment, and every input is used", () => {
        const text = readFileSync(path.join(ROOT, "action.yml"), "utf8");
        for (const s of ACTION.runs.steps) if (s.run) expect(s.run).not.toContain("${{");
        for (const name of Object.keys(ACTION.inputs)) expect(text, name).toContain(`inputs.${name}`);
        const referenced = [...text.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]!);
        for (const name of referenced) expect(Object.keys(ACTION.inputs), name).toContain(name);
        expect(ACTION.inputs.paths?.required).toBe(true);
        expect(ACTION.inputs["node-version"]?.default).toBe("22");
    });
    it("defaults: the text report for the log, then SARIF to obs-sse.sarif, both from the package at the action's version", () => {
        const { calls, outputs, status } = runCheck({ paths: "plan.json" });
        expect(status).toBe(0);
        expect(calls).toHaveLength(2);
        expect(commandOf(calls[0]!)).toMatchObject({ format: "text", failOn: "mandatory", backendConfigs: [], inputs: ["plan.json"] });
        expect(commandOf(calls[1]!)).toMatchObject({
            format: "sarif",
            failOn: "mandatory",
            output: "obs-sse.sarif",
            backendConfigs: [],
            inputs: ["plan.json"],
        });
        expect(outputs).toMatchObject({ "exit-code": "0", "sarif-written": "true", "sarif-file": path.join(DIR, "obs-sse.sarif") });
    });
    it.each([
        ["text", "", ""],
        ["json", "policy-config.json", ""],
        ["sarif", "", "reports/out.sarif"],
        ["sarif", "cfg.json", ""],
        ["json", "", "x.sarif"],
    ])(
        "format %s, config '%s', sarif-file '%s', two backend configs and several paths: a command line the parser accepts",
        (format, config, sarif) => {
            const inputs = {
                paths: "infra/prod plan.json\n  -leading-dash.json  \n\ninfra/stage\n",
                format,
                config,
                "sarif-file": sarif,
                "backend-config": "  prod.s3.tfbackend \nencrypt=true\n",
                "fail-on": "advisory",
                package: "obs-sse-policy-pack@1.2.3",
            };
            const { calls, outputs } = runCheck(inputs, 1);
            const expected = {
                failOn: "advisory",
                backendConfigs: ["prod.s3.tfbackend", "encrypt=true"],
                inputs: ["infra/prod", "plan.json", "-leading-dash.json", "infra/stage"],
                ...(config !== "" && { config }),
            };
            const commands = calls.map((c) => commandOf(c, "obs-sse-policy-pack@1.2.3"));
            const log = format === "sarif" && sarif !== "" ? [] : [{ format, ...expected }];
            const report = sarif === "" ? [] : [{ format: "sarif", output: sarif, ...expected }];
            expect(commands).toMatchObject([...log, ...report]);
            expect(commands).toHaveLength(log.length + report.length);
            expect(outputs["exit-code"]).toBe("1");
            expect(outputs["sarif-written"]).toBe(sarif === "" ? undefined : "true");
        },
    );
    it("bad input (exit 2) writes no SARIF run and no upload; an empty paths input is exit 2 without running anything", () => {
        const bad = runCheck({ paths: "missing.json" }, 2);
        expect(bad.calls).toHaveLength(1);
        expect(bad.outputs).toEqual({ "exit-code": "2" });
        const none = runCheck({ paths: " \n " });
        expect(none.calls).toEqual([]);
        expect(none.outputs).toEqual({ "exit-code": "2" });
        const upload = ACTION.runs.steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"))!;
        expect(upload.if).toContain("steps.check.outputs.sarif-written == 'true'");
        expect(upload.if).toContain("inputs.upload-sarif == 'true'");
    });
    it("fail-on reaches the command, which validates it (a bad value is its exit 2)", () => {
        const { calls } = runCheck({ paths: "plan.json", "fail-on": "never" });
        expect(calls.map((c) => commandOf(c).failOn)).toEqual(["never", "never"]);
        expect(() => parseCommandLine(["--fail-on", "sometimes", "plan.json"])).toThrow(/--fail-on/);
    });
    it.each([
        ["0", 0],
        ["1", 1],
        ["2", 2],
        ["", 2],
    ])("the job's verdict: the command's exit code %s fails the job with %i", (code, expected) => {
        const verdict = step("verdict");
        const r = spawnSync("bash", ["-c", verdict.run!], {
            encoding: "utf8",
            env: { ...envOf(verdict, {}, { "exit-code": code }), PATH: "/usr/bin:/bin" },
        });
        expect(r.status).toBe(expected);
    });
});

describe(".pre-commit-hooks.yaml", () => {
    const hooks = load(readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Array<Record<string, unknown>>;
    const hook = hooks.find((h) => h.id === "obs-sse-check")!;
    it("a node hook for Terraform files, run once on the root module directories (not per file)", () => {
        expect(hook).toMatchObject({ language: "node", pass_filenames: false, entry: "obs-sse-check" });
        const files = new RegExp(hook.files as string);
        for (const f of ["main.tf", "modules/store/variables.tf", "prod.tfvars", "obs.s3.tfbackend", "main.tf.json"])
            expect(files.test(f), f).toBe(true);
        for (const f of ["README.md", "main.tf.bak", "plan.json"]) expect(files.test(f), f).toBe(false);
    });
    it("its entry runs the package's bin, and entry + args is a command line the parser accepts", () => {
        const [bin, ...entryArgs] = (hook.entry as string).split(/\s+/);
        expect(Object.keys(PACKAGE.bin)).toContain(bin);
        const parsed = parseCommandLine([...entryArgs, ...(hook.args as string[])]);
        expect(parsed).toMatchObject({ format: "text", failOn: "mandatory", backendConfigs: [], inputs: ["."] });
        // As a user would override args for two root modules and a backend file.
        expect(parseCommandLine([...entryArgs, "--backend-config", "prod.s3.tfbackend", "infra/prod", "infra/stage"])).toMatchObject({
            inputs: ["infra/prod", "infra/stage"],
            backendConfigs: ["prod.s3.tfbackend"],
        });
    });
});
