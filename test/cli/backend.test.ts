// Terraform's S3 state backend on OBS, judged by the command on a directory of .tf files: the
// backend "s3" block, --backend-config files and KEY=VALUE, .terraform/terraform.tfstate with the
// Terraform version that wrote it, and what each version does with an endpoint without a scheme.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { backendClientOf, refusesSchemelessEndpoint } from "../../policies/terraformBackend";
import { runCommand } from "./runCommand";

const EXAMPLES = path.resolve(__dirname, "../../examples/terraform");
const ROOT = mkdtempSync(path.join(tmpdir(), "obs-sse-backend-"));
/** The planted SSE-C key of examples/terraform/backend-sse-c (44 base64 characters). */
const EXAMPLE_KEY = "UExBTlRFRC1TU0VDLUtFWS1NQVJLRVItMDAwMDAwMDA=";

interface JsonFinding {
    readonly policy: string;
    readonly enforcementLevel: string;
    readonly resource: string;
    readonly message: string;
    readonly calls?: ReadonlyArray<{ interface: string; encryption: string; protocol: string }>;
    readonly fix?: { kind: string; text?: string; field?: string };
    readonly location?: { file: string; line: number };
}

async function check(dir: string, extra: readonly string[] = [], env: Record<string, string> = {}) {
    const r = await runCommand(["--format", "json", ...extra, "."], { cwd: dir, env });
    const findings = r.code === 2 ? [] : (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
    return { ...r, findings, summary: findings.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resource}`).sort() };
}

let dirs = 0;
/** A directory with main.tf holding `backend "s3" { <body> }`, and optionally an init state. */
function backendDir(body: string, initState?: { version: string; config: Record<string, unknown> }): string {
    const dir = path.join(ROOT, `case-${dirs++}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "main.tf"), `terraform {\n  backend "s3" {\n${body}\n  }\n}\n`);
    if (initState) {
        mkdirSync(path.join(dir, ".terraform"));
        writeFileSync(
            path.join(dir, ".terraform", "terraform.tfstate"),
            JSON.stringify({
                version: 3,
                terraform_version: initState.version,
                backend: { type: "s3", config: initState.config, hash: 1 },
            }),
        );
    }
    return dir;
}

const KMS = 'encrypt = true\nkms_key_id = "4f1cd4de-ab64-4807-920a-47fc42e7f0d0"\nbucket = "b"\nkey = "k"';

describe("the examples (examples/terraform/backend-*)", () => {
    it("backend-http: SSE-KMS state over http:// breaks the rows of PUT and GET Object (mandatory, at the block)", async () => {
        const r = await check(path.join(EXAMPLES, "backend-http"));
        expect(r.code).toBe(1);
        expect(r.summary).toEqual(["advisory obs-https-hardening backend.s3", "mandatory obs-sse-transfer-protocol backend.s3"]);
        const transfer = r.findings.find((f) => f.policy === "obs-sse-transfer-protocol")!;
        expect(transfer.calls?.map((c) => c.interface)).toEqual(
            expect.arrayContaining(["PUT Object", "GET Object", "Initiate Multipart Upload", "Upload Part"]),
        );
        expect(transfer.calls?.every((c) => c.encryption === "SSE-KMS" && c.protocol === "HTTP")).toBe(true);
        expect(transfer.message).toContain('set endpoints.s3 of backend "s3" to https://obs.eu-de.otc.t-systems.com');
        expect(transfer.location).toMatchObject({ file: "main.tf", line: 5 });
    });
    it("backend-https: SSE-KMS over https:// passes every row (no finding, exit 0)", async () => {
        const r = await check(path.join(EXAMPLES, "backend-https"));
        expect(r.code).toBe(0);
        expect(r.findings).toEqual([]);
    });
    it("backend-schemeless: version unknown: advisory only, saying what 1.5, 1.6.0 and 1.6.1+ do, with the https:// URL to write", async () => {
        const r = await check(path.join(EXAMPLES, "backend-schemeless"));
        expect(r.code).toBe(0);
        expect(r.findings.length).toBeGreaterThan(0);
        expect(r.findings.every((f) => f.enforcementLevel === "advisory")).toBe(true);
        const text = r.findings.map((f) => f.message).join("\n");
        expect(text).toContain("Terraform 1.6.0 refuses it at init");
        expect(text).toContain("Complete URL Expected");
        expect(text).toContain("Terraform 1.5 and earlier sent it over https://");
        expect(text).toContain('set endpoint of backend "s3" to https://obs.eu-de.otc.t-systems.com');
    });
    it("backend-sse-kms: the partial block alone names no endpoint (AWS, nothing to judge); with --backend-config FILE it is http:// SSE-KMS (mandatory)", async () => {
        const dir = path.join(EXAMPLES, "backend-sse-kms");
        const alone = await check(dir);
        expect(alone.code).toBe(0);
        expect(alone.findings).toEqual([]);
        const withFile = await check(dir, ["--backend-config", "obs.s3.tfbackend"]);
        expect(withFile.code).toBe(1);
        expect(withFile.summary).toContain("mandatory obs-sse-transfer-protocol backend.s3");
    });
    it("backend-sse-c: the customer key over http:// is mandatory twice, and the key is in no output format", async () => {
        const dir = path.join(EXAMPLES, "backend-sse-c");
        const r = await check(dir);
        expect(r.code).toBe(1);
        expect(r.summary).toEqual(
            expect.arrayContaining(["mandatory obs-sse-c-key-transport backend.s3", "mandatory obs-sse-transfer-protocol backend.s3"]),
        );
        const key = r.findings.find((f) => f.policy === "obs-sse-c-key-transport")!;
        expect(key.message).toContain("SSE-C key material of sse_customer_key in clear text over HTTP");
        for (const format of ["json", "sarif", "text"]) {
            const out = await runCommand(["--format", format, "."], { cwd: dir, env: {} });
            expect(out.code).toBe(1);
            expect(out.stdout + out.stderr).not.toContain(EXAMPLE_KEY);
            expect(out.stdout + out.stderr).not.toContain(EXAMPLE_KEY.slice(0, 16));
        }
    });
});

describe("an endpoint without a scheme, by the Terraform version of .terraform/terraform.tfstate", () => {
    const body = `endpoint = "obs.eu-de.otc.t-systems.com"\n${KMS}`;
    const config = { endpoint: "obs.eu-de.otc.t-systems.com" };
    it("Terraform 1.5.7 (AWS SDK for Go v1) sends it over https://: the rows are met; an advisory says what upgrading does", async () => {
        const r = await check(backendDir(body, { version: "1.5.7", config }));
        expect(r.code).toBe(0);
        expect(r.summary).toEqual(["advisory obs-sse-transfer-protocol backend.s3"]);
        expect(r.findings[0]!.message).toContain("Terraform 1.5.7 (AWS SDK for Go v1) sends its requests to https://");
    });
    it("Terraform 1.5.7 over http:// calls PUT and GET Object only (no HEAD, no multipart)", async () => {
        const r = await check(backendDir(`endpoint = "http://obs.eu-de.otc.t-systems.com"\n${KMS}`, { version: "1.5.7", config: {} }));
        expect(r.code).toBe(1);
        const transfer = r.findings.find((f) => f.policy === "obs-sse-transfer-protocol")!;
        expect(transfer.calls?.map((c) => c.interface).sort()).toEqual(["GET Object", "PUT Object"]);
        expect(r.summary).not.toContain("advisory obs-https-hardening backend.s3");
    });
    it("Terraform 1.11.0 (AWS SDK for Go v2) fails before sending: advisory, without the 1.5 remark", async () => {
        const r = await check(backendDir(body, { version: "1.11.0", config }));
        expect(r.code).toBe(0);
        const text = r.findings.map((f) => f.message).join("\n");
        expect(text).toContain("1.6.1 and later accept it with the warning");
        expect(text).not.toContain("Terraform 1.5 and earlier sent it");
        expect(r.findings.every((f) => f.enforcementLevel === "advisory")).toBe(true);
    });
    it("Terraform 1.6.0 refuses it at init", async () => {
        const r = await check(backendDir(body, { version: "1.6.0", config }));
        expect(r.findings.map((f) => f.message).join("\n")).toContain("Terraform 1.6.0 refuses it at init (");
    });
    it("the version text decides the client", () => {
        expect(backendClientOf("1.5.7")).toBe("sdk-v1");
        expect(backendClientOf("0.13.4")).toBe("sdk-v1");
        expect(backendClientOf("1.6.0")).toBe("sdk-v2");
        expect(backendClientOf("v1.11.0")).toBe("sdk-v2");
        expect(backendClientOf("2.0.0")).toBe("sdk-v2");
        expect(backendClientOf(undefined)).toBe("unknown");
        expect(backendClientOf("latest")).toBe("unknown");
        expect(refusesSchemelessEndpoint("1.6.0")).toBe(true);
        expect(refusesSchemelessEndpoint("1.6.1")).toBe(false);
    });
});

describe("what the backend sends, from encrypt, kms_key_id and sse_customer_key", () => {
    const https = 'endpoints = { s3 = "https://obs.eu-de.otc.t-systems.com" }\nbucket = "b"\nkey = "k"';
    it("encrypt = true alone sends AES256, which OTC's S3 API refuses (mandatory, worded for the backend)", async () => {
        const r = await check(backendDir(https), ["--backend-config", "encrypt=true"]);
        expect(r.code).toBe(1);
        const alg = r.findings.find((f) => f.policy === "obs-sse-supported-algorithm")!;
        expect(alg.enforcementLevel).toBe("mandatory");
        expect(alg.message).toContain("encrypt = true with neither kms_key_id nor sse_customer_key makes the backend send");
        expect(alg.message).toContain("Fix: set kms_key_id to an OBS KMS key id");
    });
    it("encrypt = true alone on Huawei Cloud is SSE-OBS, which its OBS accepts (no algorithm finding)", async () => {
        const r = await check(backendDir('endpoints = { s3 = "https://obs.cn-north-4.myhuaweicloud.com" }\nencrypt = true'));
        expect(r.summary).not.toContain("mandatory obs-sse-supported-algorithm backend.s3");
    });
    it("encrypt = true with AWS_SSE_CUSTOMER_KEY set where the check runs is SSE-C (its value is not read)", async () => {
        const dir = backendDir('endpoints = { s3 = "http://obs.eu-de.otc.t-systems.com" }\nencrypt = true');
        const r = await check(dir, [], { AWS_SSE_CUSTOMER_KEY: "ENV-KEY-MARKER-0000000000000000000000000000" });
        expect(r.summary).toContain("mandatory obs-sse-c-key-transport backend.s3");
        expect(r.stdout).toContain("AWS_SSE_CUSTOMER_KEY (environment)");
        expect(r.stdout).not.toContain("ENV-KEY-MARKER");
    });
    it("kms_key_id without encrypt = true is ignored by the backend: unencrypted state, judged so, with an advisory", async () => {
        const r = await check(
            backendDir('endpoints = { s3 = "http://obs.eu-de.otc.t-systems.com" }\nkms_key_id = "4f1cd4de-ab64-4807-920a-47fc42e7f0d0"'),
        );
        expect(r.code).toBe(0);
        expect(r.summary).toEqual(["advisory obs-sse-supported-algorithm backend.s3"]);
        expect(r.findings[0]!.message).toContain("sends SSE headers only when encrypt = true");
    });
    it("a reference in the block is not evaluated (Terraform refuses it): unknown, advisory, named with its line", async () => {
        const r = await check(backendDir(`endpoints = { s3 = "http://obs.eu-de.otc.t-systems.com" }\nencrypt = var.encrypt\nbucket = "b"`));
        expect(r.code).toBe(0);
        const literal = r.findings.find((f) => f.message.includes("not a literal value"))!;
        expect(literal.message).toContain("encrypt (main.tf:4)");
        expect(r.findings.every((f) => f.enforcementLevel === "advisory")).toBe(true);
    });
});

describe("sources and their order", () => {
    it("the init state fills in what the block leaves out; the block and then --backend-config override it", async () => {
        const dir = backendDir('bucket = "b"\nkey = "k"', {
            version: "1.11.0",
            config: {
                endpoints: { s3: "http://obs.eu-de.otc.t-systems.com", iam: null },
                encrypt: true,
                kms_key_id: "4f1cd4de-ab64-4807-920a-47fc42e7f0d0",
            },
        });
        expect((await check(dir)).summary).toContain("mandatory obs-sse-transfer-protocol backend.s3");
        const fixed = await check(dir, ["--backend-config", 'endpoints={s3="https://obs.eu-de.otc.t-systems.com"}']);
        expect(fixed.code).toBe(0);
        expect(fixed.findings).toEqual([]);
    });
    it("credentials in the init state and in --backend-config files are never in the output", async () => {
        const dir = backendDir('bucket = "b"', {
            version: "1.11.0",
            config: {
                endpoints: { s3: "http://obs.eu-de.otc.t-systems.com" },
                encrypt: true,
                access_key: "ACCESS-KEY-MARKER",
                secret_key: "SECRET-KEY-MARKER",
                token: "TOKEN-MARKER",
                sse_customer_key: "STATE-SSEC-MARKER-000000000000000000000000000",
            },
        });
        writeFileSync(path.join(dir, "creds.tfbackend"), 'secret_key = "FILE-SECRET-MARKER"\n');
        for (const format of ["json", "sarif", "text"]) {
            const r = await runCommand(["--format", format, "--backend-config", "creds.tfbackend", "."], { cwd: dir, env: {} });
            expect(r.code).toBe(1);
            for (const marker of ["ACCESS-KEY-MARKER", "SECRET-KEY-MARKER", "TOKEN-MARKER", "STATE-SSEC-MARKER", "FILE-SECRET-MARKER"])
                expect(r.stdout + r.stderr).not.toContain(marker);
        }
    });
    it("bad --backend-config input is exit 2, naming the option and never quoting the value", async () => {
        const dir = backendDir('bucket = "b"');
        const bool = await check(dir, ["--backend-config", "encrypt=SECRETLY-MAYBE"]);
        expect(bool.code).toBe(2);
        expect(bool.stderr).toContain("--backend-config encrypt: must be true or false");
        expect(bool.stderr).not.toContain("SECRETLY-MAYBE");
        const missing = await check(dir, ["--backend-config", "no-such.tfbackend"]);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain("--backend-config no-such.tfbackend: cannot be read");
        writeFileSync(path.join(dir, "broken.tfbackend"), 'endpoint = "http://x\n');
        const broken = await check(dir, ["--backend-config", "broken.tfbackend"]);
        expect(broken.code).toBe(2);
        expect(broken.stderr).toMatch(/--backend-config broken\.tfbackend:\d+:\d+: is not valid HCL/);
    });
    it("a directory of .tf files without a backend block reports nothing to judge; another backend type is not judged", async () => {
        const none = path.join(ROOT, "no-backend");
        mkdirSync(none);
        writeFileSync(path.join(none, "main.tf"), 'variable "x" {}\n');
        // --backend-config completes a backend block; without one there is nothing to complete, and no error.
        const r = await runCommand(["--backend-config", "encrypt=true", "."], { cwd: none, env: {} });
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('no backend "s3": no state backend to judge');
        const other = path.join(ROOT, "gcs-backend");
        mkdirSync(other);
        writeFileSync(path.join(other, "main.tf"), 'terraform {\n  backend "gcs" {\n    bucket = "b"\n  }\n}\n');
        expect((await check(other)).findings).toEqual([]);
    });
    it(".tf.json: the backend in the JSON syntax; a ${...} string there is an expression, not a literal", async () => {
        const dir = path.join(ROOT, "json-syntax");
        mkdirSync(dir);
        writeFileSync(
            path.join(dir, "main.tf.json"),
            JSON.stringify({
                terraform: { backend: { s3: { endpoint: "http://obs.eu-de.otc.t-systems.com", encrypt: true, kms_key_id: "${var.k}" } } },
            }),
        );
        const r = await check(dir);
        expect(r.findings.some((f) => f.message.includes("kms_key_id (main.tf.json) is not a literal value"))).toBe(true);
    });
    it("a plan with --backend-config says that plan JSON does not carry the backend", async () => {
        const r = await runCommand(["--backend-config", "encrypt=true", "plan.json"], {
            cwd: path.join(EXAMPLES, "real-aws-unencrypted"),
            env: {},
        });
        expect(r.code).toBe(0);
        expect(r.stderr).toContain("plan JSON itself does not carry the backend configuration");
    });
});

describe("a plan read with its configuration", () => {
    it('judges the configuration\'s backend "s3", which plan JSON does not carry; read alone, it cannot', async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-plan-backend-"));
        try {
            // The delete example's plan and configuration, with the http SSE-KMS backend of backend-http beside them.
            const examples = path.resolve(__dirname, "../../examples/terraform");
            cpSync(path.join(examples, "delete", "plan.json"), path.join(dir, "plan.json"));
            cpSync(path.join(examples, "delete", "main.tf"), path.join(dir, "main.tf"));
            cpSync(path.join(examples, "backend-http", "main.tf"), path.join(dir, "backend.tf"));
            const withSource = await runCommand(["--format", "json", "plan.json"], { cwd: dir });
            const findings = (JSON.parse(withSource.stdout) as { findings: Array<{ resource: string; enforcementLevel: string }> })
                .findings;
            expect(findings.filter((f) => f.resource === "backend.s3").map((f) => f.enforcementLevel)).toContain("mandatory");
            const alone = await runCommand(["--no-source", "--format", "json", "plan.json"], { cwd: dir });
            expect(
                (JSON.parse(alone.stdout) as { findings: Array<{ resource: string }> }).findings.some((f) => f.resource === "backend.s3"),
            ).toBe(false);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
