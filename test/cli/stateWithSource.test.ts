// A Terraform state read with its configuration's .tf files: the state holds no provider
// configuration, the source declares it (--source, or the state file's own directory).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "./runCommand";

const STATE = path.resolve(__dirname, "../fixtures/terraform-state/obs/terraform.tfstate");
const dirs: string[] = [];

/** A directory holding the OBS state fixture and a main.tf whose aws provider has `s3` as its endpoint expression. */
function stateWithSource(s3: string, extra = ""): string {
    const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-state-source-"));
    dirs.push(dir);
    cpSync(STATE, path.join(dir, "terraform.tfstate"));
    writeFileSync(path.join(dir, "main.tf"), `${extra}\nprovider "aws" {\n  region = "eu-de"\n  endpoints {\n    s3 = ${s3}\n  }\n}\n`);
    return dir;
}

interface JsonReport {
    inputs: Array<{ kind: string }>;
    findings: Array<{ policy: string; enforcementLevel: string; resource: string; resourceType: string; message: string }>;
}

afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("a Terraform state read with its configuration", () => {
    it("the .tf files beside the state name the endpoint: the deployed objects are judged (http: mandatory)", async () => {
        const dir = stateWithSource('"http://obs.eu-de.otc.t-systems.com"');
        const r = await runCommand(["--format", "json", "terraform.tfstate"], { cwd: dir });
        expect(r.code).toBe(1);
        const report = JSON.parse(r.stdout) as JsonReport;
        expect(report.inputs[0]?.kind).toBe("terraform-state");
        const mandatory = report.findings.filter((f) => f.enforcementLevel === "mandatory" && f.policy === "obs-sse-transfer-protocol");
        expect(mandatory.map((f) => f.resource)).toContain("aws_s3_object.report");
        // No "cannot be known from this state" finding on the aws provider any more.
        expect(report.findings.some((f) => f.resourceType === "provider" && f.message.includes('Provider "aws"'))).toBe(false);
        const text = await runCommand(["terraform.tfstate"], { cwd: dir });
        expect(text.stdout).toContain("with its configuration .");
    });

    it("read alone (--no-source) the endpoint is unknown, once on the provider, as before", async () => {
        const dir = stateWithSource('"http://obs.eu-de.otc.t-systems.com"');
        const r = await runCommand(["--no-source", "--format", "json", "terraform.tfstate"], { cwd: dir });
        expect(r.code).toBe(0);
        const report = JSON.parse(r.stdout) as JsonReport;
        expect(report.findings.some((f) => f.message.includes('Provider "aws": its OBS endpoint cannot be known from this state'))).toBe(
            true,
        );
    });

    it("an endpoint built from a variable without a value is unknown and says what it depends on; --var gives it", async () => {
        const dir = stateWithSource('"http://${var.obs_host}"', 'variable "obs_host" {\n  type = string\n}\n');
        const unknown = await runCommand(["--format", "json", "terraform.tfstate"], { cwd: dir });
        expect(unknown.code).toBe(0);
        const messages = (JSON.parse(unknown.stdout) as JsonReport).findings.map((f) => f.message).join("\n");
        expect(messages).toContain("cannot be known from this state and its configuration");
        expect(messages).toContain("var.obs_host");
        const given = await runCommand(["--var", "obs_host=obs.eu-de.otc.t-systems.com", "terraform.tfstate"], { cwd: dir });
        expect(given.code).toBe(1);
    });

    it("bad input: a --source that cannot be read is exit 2; broken .tf files beside the state are skipped with a warning", async () => {
        const dir = stateWithSource('"http://obs.eu-de.otc.t-systems.com"');
        const missing = await runCommand(["--source", "no-such-dir", "terraform.tfstate"], { cwd: dir });
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain("no-such-dir");
        writeFileSync(path.join(dir, "broken.tf"), 'resource "aws_s3_object" "x" {\n  key = \n');
        const broken = await runCommand(["--format", "json", "terraform.tfstate"], { cwd: dir });
        expect(broken.code).toBe(0);
        expect(broken.stderr).toContain("the state is read alone");
        expect(broken.stderr).toContain("broken.tf:");
        const report = JSON.parse(broken.stdout) as JsonReport;
        expect(report.findings.some((f) => f.message.includes('Provider "aws": its OBS endpoint cannot be known from this state'))).toBe(
            true,
        );
    });
});
