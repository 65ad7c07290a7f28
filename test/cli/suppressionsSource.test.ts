// Suppression comments end to end: a real directory of .tf files read by the loader, whose
// findings carry locations, and the comments above its blocks (valid, expired, misspelt).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand } from "./runCommand";

const EXAMPLE = path.resolve(__dirname, "../../examples/terraform/delete");
const dirs: string[] = [];

/** A copy of the delete example (no plan) with `comment` above its object's block. */
function withComment(comment: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-suppress-"));
    dirs.push(dir);
    cpSync(path.join(EXAMPLE, "main.tf"), path.join(dir, "main.tf"));
    const text = readFileSync(path.join(dir, "main.tf"), "utf8");
    const block = 'resource "aws_s3_object" "kept" {';
    expect(text).toContain(block);
    writeFileSync(path.join(dir, "main.tf"), text.replace(block, `${comment}\n${block}`));
    return dir;
}

interface JsonFinding {
    policy: string;
    suppression?: { kind: string; reason: string; expires?: string; expired: boolean };
    location?: { file: string; line: number };
}

afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("suppression comments on a Terraform directory", () => {
    it("a valid one keeps its finding visible but not counted: exit 0 instead of 1", async () => {
        const dir = withComment("# obs-sse:ignore:obs-sse-transfer-protocol:exp:2999-01-31 moving to https, TICKET-1");
        const text = await runCommand(["."], { cwd: dir });
        expect(text.code).toBe(0);
        expect(text.stdout).toContain("Suppressed (1 finding, not counted):");
        const json = await runCommand(["--format", "json", "."], { cwd: dir });
        const findings = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings;
        const suppressed = findings.find((f) => f.policy === "obs-sse-transfer-protocol");
        expect(suppressed?.suppression).toEqual({
            kind: "inSource",
            reason: "moving to https, TICKET-1",
            expires: "2999-01-31",
            expired: false,
        });
        expect(suppressed?.location).toMatchObject({ file: "main.tf", line: 22 });
        // The comment names one policy: the hardening finding on the same block still counts (advisory).
        expect(findings.find((f) => f.policy === "obs-https-hardening")?.suppression).toBeUndefined();
    });

    it("an expired one counts again and says so", async () => {
        const dir = withComment("// obs-sse:ignore:obs-sse-transfer-protocol:exp:2000-01-31 moving to https");
        const r = await runCommand(["--format", "json", "."], { cwd: dir });
        expect(r.code).toBe(1);
        const f = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.find((x) => x.policy === "obs-sse-transfer-protocol");
        expect(f?.suppression).toMatchObject({ expired: true, expires: "2000-01-31" });
    });

    it("a misspelt policy name is exit 2 on one line, naming the file and line, with a did-you-mean", async () => {
        const dir = withComment("# obs-sse:ignore:obs-sse-transfer-protocl moving to https");
        const r = await runCommand(["."], { cwd: dir });
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr).toContain("main.tf:21:");
        expect(r.stderr).toContain("did you mean obs-sse-transfer-protocol?");
        expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
        expect(r.stderr).not.toContain("\\n");
    });
});
