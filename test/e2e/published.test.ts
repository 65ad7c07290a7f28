// The path every developer machine in an organization takes once the pack is published with
// `pulumi policy publish`: the CLI runs `npm pack` in the pack's directory and reads the tarball's
// name from its stdout; on a preview, the tarball is unpacked into an empty directory, installed
// with a plain `npm install` (development dependencies included), and launched through
// `@pulumi/pulumi/cmd/run-policy-pack` from the installed node_modules.
//
// The pack is made from a copy of the repository (sources, manifests, lockfile; node_modules linked),
// so that its prepack build and manifest rewrite do not race the other tests using bin/.
import { execFileSync, spawnSync } from "node:child_process";
import {
    cpSync,
    existsSync,
    lstatSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readFileSync,
    rmSync,
    symlinkSync,
    writeFileSync,
} from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PackProcess, awsProvider, KMS_KEY, resource, T } from "../../testing";
import { contractOf, expectedContract } from "../helpers/contract";
import { field } from "../support/items";

const ROOT = path.resolve(__dirname, "../..");
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const NOT_COPIED = new Set(["node_modules", "bin", ".git", "test", "examples"]);
const MAX_INSTALL_BYTES = 100 * 1024 * 1024;
const TIMEOUT_MS = 240_000;

function run(cmd: string, args: string[], cwd: string): string {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: TIMEOUT_MS });
}

/** Disk usage in bytes, as `du` counts it (allocated blocks). */
function sizeOf(p: string): number {
    const st = lstatSync(p);
    const own = st.blocks * 512;
    if (!st.isDirectory()) return own;
    return readdirSync(p).reduce((sum, e) => sum + sizeOf(path.join(p, e)), own);
}

function filesUnder(dir: string, base = dir): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : filesUnder(p, base);
        return [path.relative(base, p)];
    });
}

describe("the published pack, installed and launched as the Pulumi CLI does", () => {
    let work: string;
    let installed: string;
    let tarballName: string;
    let pack: PackProcess | undefined;
    const seconds: Record<string, number> = {};
    const timed = <X>(what: string, f: () => X): X => {
        const t0 = Date.now();
        try {
            return f();
        } finally {
            seconds[what] = (Date.now() - t0) / 1000;
        }
    };

    beforeAll(async () => {
        work = mkdtempSync(path.join(os.tmpdir(), "obs-sse-published-"));
        const repo = path.join(work, "repo");
        cpSync(ROOT, repo, {
            recursive: true,
            filter: (src) => !(path.dirname(src) === ROOT && (NOT_COPIED.has(path.basename(src)) || src.endsWith(".tgz"))),
        });
        symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");

        // As `pulumi policy publish`: `npm pack --loglevel=error`, the tarball's name on stdout.
        tarballName = timed("npm pack", () => run("npm", ["pack", "--loglevel=error"], repo)).trim();
        installed = path.join(work, "installed");
        run("mkdir", [installed], work);
        run("tar", ["xzf", path.join(repo, tarballName), "-C", installed, "--strip-components=1"], work);
        timed("npm install", () => run("npm", ["install", "--loglevel=error", "--prefer-offline", "--no-audit", "--no-fund"], installed));
        pack = await PackProcess.launch(installed, { timeoutMs: 60_000 });
        console.log(
            `published pack round trip: ${Object.entries(seconds)
                .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
                .join(", ")}, node_modules ${(sizeOf(path.join(installed, "node_modules")) / 1024 / 1024).toFixed(0)} MB`,
        );
    }, TIMEOUT_MS);

    // Removing the work directory (three installs) can outlast the default hook timeout on a busy machine.
    afterAll(async () => {
        await pack?.close();
        if (work) rmSync(work, { recursive: true, force: true });
    }, TIMEOUT_MS);

    it(
        "a TypeScript consumer finds the types of obs-sse-policy-pack/testing under moduleResolution node10 (typesVersions), node16 and bundler",
        () => {
            const consumer = path.join(work, "consumer");
            mkdirSync(path.join(consumer, "node_modules"), { recursive: true });
            symlinkSync(installed, path.join(consumer, "node_modules", "obs-sse-policy-pack"), "dir");
            writeFileSync(
                path.join(consumer, "check.ts"),
                `import { PackProcess } from "obs-sse-policy-pack/testing";\nexport const launch: typeof PackProcess.launch = PackProcess.launch;\n`,
            );
            const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
            const typeRoots = path.join(installed, "node_modules", "@types");
            for (const [module, resolution] of [
                ["commonjs", "node10"],
                ["node16", "node16"],
                ["esnext", "bundler"],
            ] as const) {
                const r = spawnSync(
                    process.execPath,
                    [
                        tsc,
                        "--noEmit",
                        "--strict",
                        "--skipLibCheck",
                        "--typeRoots",
                        typeRoots,
                        "--types",
                        "node",
                        "--module",
                        module,
                        "--moduleResolution",
                        resolution,
                        "check.ts",
                    ],
                    { cwd: consumer, encoding: "utf8", timeout: TIMEOUT_MS },
                );
                expect(`${r.stdout}${r.stderr}`, resolution).toBe("");
                expect(r.status, resolution).toBe(0);
            }
        },
        TIMEOUT_MS,
    );

    it("npm pack prints only the tarball's name on stdout, which the CLI reads as a path", () => {
        expect(tarballName).toBe(`obs-sse-policy-pack-${VERSION}.tgz`);
    });

    it("ships the runtime, the engine layer, the testing entry point, the obs-sse-check command, its JSON report schema, the pinned lockfile, PulumiPolicy.yaml, README.md and LICENSE only", () => {
        const files = filesUnder(installed).filter((f) => f !== "package-lock.json");
        const outside = files.filter((f) => !/^bin\/(index\.js|(policies|engine|testing)\/.+\.(js|d\.ts)|cli\/.+\.js)$/.test(f));
        expect(outside.sort()).toEqual([
            "LICENSE",
            "PulumiPolicy.yaml",
            "README.md",
            "npm-shrinkwrap.json",
            "package.json",
            "schema/obs-sse-check-report.schema.json",
        ]);
        expect(files).toContain("bin/testing/index.js");
        expect(files).toContain("bin/testing/index.d.ts");
        expect(files).toContain("bin/engine/pack.d.ts");
        // Found by path, not imported: the capture worker the command and the testing API start.
        expect(files).toContain("bin/engine/capture-worker.js");
        expect(files).toContain("bin/cli/obs-sse-check.js");
        expect(readFileSync(path.join(installed, "LICENSE"), "utf8")).toContain("Apache License");
    });

    it("every relative import of a shipped module (code and type declarations) names a shipped file", () => {
        const shipped = new Set(filesUnder(installed));
        const modules = [...shipped].filter((f) => f.startsWith("bin/") && /\.(js|d\.ts)$/.test(f));
        expect(modules.length).toBeGreaterThan(50);
        const missing: string[] = [];
        let imports = 0;
        for (const file of modules) {
            const text = readFileSync(path.join(installed, file), "utf8");
            const ext = file.endsWith(".d.ts") ? ".d.ts" : ".js";
            for (const m of text.matchAll(/(?:require\(|from |import\()\s*"(\.{1,2}\/[^"]+)"/g)) {
                imports++;
                const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!));
                if (![target, `${target}${ext}`, `${target}/index${ext}`].some((t) => shipped.has(t))) missing.push(`${file} -> ${m[1]}`);
            }
        }
        expect(imports).toBeGreaterThan(100);
        expect(missing).toEqual([]);
    });

    it("the published manifest has no scripts (no prepare to run on install) and no development dependencies", () => {
        const manifest = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")) as Record<string, unknown>;
        expect(manifest.scripts).toBeUndefined();
        expect(manifest.devDependencies).toBeUndefined();
        expect(manifest.version).toBe(VERSION);
    });

    it("the installed obs-sse-check command runs with the runtime dependencies alone: a Terraform plan with a mandatory finding exits 1", () => {
        const manifest = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")) as { bin?: Record<string, string> };
        expect(manifest.bin).toEqual({ "obs-sse-check": "bin/cli/obs-sse-check.js" });
        const plan = path.join(ROOT, "examples", "terraform", "otc-native", "plan.json");
        const r = spawnSync(process.execPath, [path.join(installed, field(manifest.bin!, "obs-sse-check")), "--format", "json", plan], {
            encoding: "utf8",
            timeout: TIMEOUT_MS,
        });
        expect(r.stderr).toBe("");
        expect(r.status).toBe(1);
        const report = JSON.parse(r.stdout) as { findings: Array<{ policy: string; enforcementLevel: string; resource: string }> };
        expect(report.findings).toContainEqual(
            expect.objectContaining({
                policy: "obs-sse-supported-algorithm",
                enforcementLevel: "mandatory",
                resource: "opentelekomcloud_s3_bucket_object.legacy_doc",
            }),
        );
    });

    it(
        "the installed obs-sse-check command previews a Pulumi program: the pack and the capture worker start from the installed files",
        () => {
            // A user's program with its own dependencies (the repository's, linked): the command brings the rest.
            const program = path.join(work, "violations");
            cpSync(path.join(ROOT, "examples", "violations"), program, { recursive: true });
            symlinkSync(path.join(ROOT, "node_modules"), path.join(program, "node_modules"), "dir");
            const r = spawnSync(process.execPath, [path.join(installed, "bin", "cli", "obs-sse-check.js"), "--format", "json", program], {
                encoding: "utf8",
                timeout: TIMEOUT_MS,
            });
            expect(r.stderr).toBe("");
            expect(r.status).toBe(1);
            const report = JSON.parse(r.stdout) as { findings: Array<{ policy: string; enforcementLevel: string; resource: string }> };
            expect(report.findings).toContainEqual(
                expect.objectContaining({
                    policy: "obs-sse-transfer-protocol",
                    enforcementLevel: "mandatory",
                    resource: expect.stringMatching(/^urn:pulumi:dev::/),
                }),
            );
        },
        TIMEOUT_MS,
    );

    it("pins every installed package with npm-shrinkwrap.json, taken from package-lock.json", () => {
        const shrinkwrap = JSON.parse(readFileSync(path.join(installed, "npm-shrinkwrap.json"), "utf8")) as {
            packages: Record<string, { version?: string; dev?: boolean }>;
        };
        const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
            packages: Record<string, { version?: string }>;
        };
        const entries = Object.entries(shrinkwrap.packages).filter(([k]) => k !== "");
        expect(entries.length).toBeGreaterThan(50);
        for (const [where, entry] of entries) {
            expect(entry.dev, where).toBeUndefined();
            expect(entry.version, where).toBe(lock.packages[where]?.version);
            const got = JSON.parse(readFileSync(path.join(installed, where, "package.json"), "utf8")) as { version: string };
            // (@pulumi/policy writes its own version with a leading "v".)
            expect(got.version.replace(/^v/, ""), where).toBe(entry.version);
        }
    });

    it("installs no development tools or example dependencies, in at most 100 MB", () => {
        for (const dev of ["typescript", "vitest", "fast-check", "@pulumi/aws", "clean-package", "ts-node"]) {
            expect(existsSync(path.join(installed, "node_modules", dev)), dev).toBe(false);
        }
        expect(sizeOf(path.join(installed, "node_modules"))).toBeLessThanOrEqual(MAX_INSTALL_BYTES);
    });

    /**
     * The tarball installed into an empty project, as `npm install obs-sse-policy-pack` would after a
     * publish (the tarball stands in for the registry; its dependencies come from the registry or
     * npm's cache), then run through npx without any download.
     */
    function installTarball(name: string, extra: readonly string[] = []): string {
        const dir = path.join(work, name);
        mkdirSync(dir);
        writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true }));
        const tarball = path.join(work, "repo", tarballName);
        run("npm", ["install", "--loglevel=error", "--prefer-offline", "--no-audit", "--no-fund", ...extra, tarball], dir);
        return dir;
    }
    // (`npx --no obs-sse-check --version` would not do: npm 11 then reads --version, --format... as its own options.)
    const npx = (cwd: string, args: readonly string[]) =>
        spawnSync("npx", ["--no-install", "obs-sse-check", ...args], { cwd, encoding: "utf8", timeout: TIMEOUT_MS });

    it(
        "npx obs-sse-check from the installed tarball: --version, a plan (exit 1), and the backend of a Terraform directory, whose HCL is parsed by the shipped WebAssembly grammar (exit 1)",
        () => {
            const consumer = installTarball("npx-consumer");
            const version = npx(consumer, ["--version"]);
            expect(version.stderr).toBe("");
            expect(version.stdout).toBe(`obs-sse-check ${VERSION}\n`);
            const plan = npx(consumer, ["--format", "json", path.join(ROOT, "examples", "terraform", "otc-native", "plan.json")]);
            expect(plan.status).toBe(1);
            expect((JSON.parse(plan.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
            const backend = npx(consumer, ["--format", "json", path.join(ROOT, "examples", "terraform", "backend-http")]);
            expect(backend.stderr).toBe("");
            expect(backend.status).toBe(1);
            expect((JSON.parse(backend.stdout) as { findings: Array<{ resource: string }> }).findings).toContainEqual(
                expect.objectContaining({ resource: "backend.s3", policy: "obs-sse-transfer-protocol", enforcementLevel: "mandatory" }),
            );
            console.log(`npx consumer node_modules ${(sizeOf(path.join(consumer, "node_modules")) / 1024 / 1024).toFixed(1)} MB`);
        },
        TIMEOUT_MS,
    );

    it(
        "installed with --ignore-scripts (the HCL grammar's node-gyp-build install script not run), the command still parses HCL: only the grammar's .wasm is used",
        () => {
            const consumer = installTarball("no-scripts-consumer", ["--ignore-scripts"]);
            const grammar = path.join(consumer, "node_modules", "@tree-sitter-grammars", "tree-sitter-hcl");
            expect(existsSync(path.join(grammar, "tree-sitter-terraform.wasm"))).toBe(true);
            expect(existsSync(path.join(grammar, "build"))).toBe(false);
            const r = npx(consumer, ["--format", "json", path.join(ROOT, "examples", "terraform", "backend-sse-c")]);
            expect(r.stderr).toBe("");
            expect(r.status).toBe(1);
            expect(r.stdout).toContain('"obs-sse-c-key-transport"');
        },
        TIMEOUT_MS,
    );

    it("the shrinkwrap pins the HCL parser (web-tree-sitter) and grammar (@tree-sitter-grammars/tree-sitter-hcl) with their WebAssembly files", () => {
        const shrinkwrap = JSON.parse(readFileSync(path.join(installed, "npm-shrinkwrap.json"), "utf8")) as {
            packages: Record<string, { version?: string }>;
        };
        for (const dep of ["node_modules/web-tree-sitter", "node_modules/@tree-sitter-grammars/tree-sitter-hcl"])
            expect(shrinkwrap.packages[dep]?.version, dep).toMatch(/^\d+\.\d+\.\d+/);
        expect(existsSync(path.join(installed, "node_modules", "web-tree-sitter", "web-tree-sitter.wasm"))).toBe(true);
        expect(
            existsSync(path.join(installed, "node_modules", "@tree-sitter-grammars", "tree-sitter-hcl", "tree-sitter-terraform.wasm")),
        ).toBe(true);
    });

    it("GetAnalyzerInfo: the obs-sse pack at the package.json version, every policy with its config schema", async () => {
        const info = await pack!.getAnalyzerInfo();
        expect(info.name).toBe("obs-sse");
        expect(info.version).toBe(VERSION);
        expect(contractOf(info.policies)).toEqual(expectedContract());
    });

    it("Analyze: SSE-KMS over plain HTTP to OBS is a mandatory violation", async () => {
        await pack!.configureStack({ stack: "dev", project: "obs-app", dryRun: true });
        await pack!.configure({});
        const http = awsProvider({ name: "obs-http", endpoint: "http://obs.eu-de.otc.t-systems.com" });
        const res = await pack!.analyze(resource(T.objectV2, "report", { bucket: "b", key: "k", content: "x", kmsKeyId: KMS_KEY }, http));
        expect(res.diagnostics.find((d) => d.policyName === "obs-sse-transfer-protocol")).toMatchObject({
            policyPackName: "obs-sse",
            policyPackVersion: VERSION,
            enforcementLevel: "mandatory",
        });
        expect(pack!.stderr).toBe("");
    });
});
