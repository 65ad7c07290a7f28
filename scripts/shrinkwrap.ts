// Pack-time step (`prepack`, before clean-package strips package.json in place): writes
// npm-shrinkwrap.json, the lockfile that ships in the tarball, so that every machine that installs
// the published pack gets the versions this repository tested. In a scratch directory, npm derives
// it from package-lock.json against the published manifest (package.json as clean-package will
// leave it: no scripts, no devDependencies), offline: versions stay those of the lockfile, and
// development-only packages drop out. Nothing in the repository changes if this step fails.
//   node bin/scripts/shrinkwrap.js           write npm-shrinkwrap.json
//   node bin/scripts/shrinkwrap.js --remove  delete it again (`postpack`)
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isRecord } from "../policies/wireValues";

const ROOT = process.cwd();
const OUTPUT = path.join(ROOT, "npm-shrinkwrap.json");

function readJson(file: string): Record<string, unknown> {
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (!isRecord(value)) throw new Error(`${file}: expected a JSON object`);
    return value;
}

/** `packages` of a lockfile (v2/v3): install path -> entry. */
function lockPackages(file: string): Record<string, Record<string, unknown>> {
    const packages = readJson(file)["packages"];
    if (!isRecord(packages)) throw new Error(`${file}: not a lockfile with "packages" (lockfileVersion 2 or 3)`);
    const out: Record<string, Record<string, unknown>> = {};
    for (const [k, v] of Object.entries(packages)) if (isRecord(v)) out[k] = v;
    return out;
}

/** Runs clean-package on `dir`/package.json with the config in that package.json. */
function cleanManifest(dir: string): void {
    const cleanPackage = path.dirname(require.resolve("clean-package/package.json", { paths: [ROOT] }));
    const bin = readJson(path.join(cleanPackage, "package.json"))["bin"];
    if (typeof bin !== "string") throw new Error("clean-package has no single bin entry");
    execFileSync(process.execPath, [path.join(cleanPackage, bin)], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
}

function write(): void {
    const scratch = mkdtempSync(path.join(os.tmpdir(), "obs-sse-shrinkwrap-"));
    try {
        copyFileSync(path.join(ROOT, "package.json"), path.join(scratch, "package.json"));
        copyFileSync(path.join(ROOT, "package-lock.json"), path.join(scratch, "package-lock.json"));
        cleanManifest(scratch);
        const manifest = readJson(path.join(scratch, "package.json"));
        if ("devDependencies" in manifest || "scripts" in manifest)
            throw new Error("clean-package left devDependencies or scripts in package.json");
        execFileSync(
            "npm",
            ["install", "--package-lock-only", "--ignore-scripts", "--offline", "--no-audit", "--no-fund", "--loglevel=error"],
            {
                cwd: scratch,
                stdio: ["ignore", "ignore", "inherit"],
            },
        );
        const pinned = lockPackages(path.join(ROOT, "package-lock.json"));
        const shrunk = lockPackages(path.join(scratch, "package-lock.json"));
        for (const [where, entry] of Object.entries(shrunk)) {
            if (where === "") continue;
            if (entry["dev"] === true) throw new Error(`npm-shrinkwrap.json would list the development package ${where}`);
            if (pinned[where]?.["version"] !== entry["version"]) {
                throw new Error(
                    `${where}: npm resolved ${String(entry["version"])}, package-lock.json pins ${String(pinned[where]?.["version"])}; run npm install and commit package-lock.json`,
                );
            }
        }
        writeFileSync(OUTPUT, readFileSync(path.join(scratch, "package-lock.json")));
    } finally {
        rmSync(scratch, { recursive: true, force: true });
    }
}

if (process.argv.includes("--remove")) rmSync(OUTPUT, { force: true });
else write();
