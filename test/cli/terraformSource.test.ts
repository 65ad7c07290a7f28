// obs-sse-check on Terraform source: a directory of .tf files checked without a plan (variables
// from every source in Terraform's precedence, locals, count and for_each, local and installed
// modules, provider wiring), plans read with their source (--source), and findings located in the
// source. The examples' plans are the reference: the scan of each example's main.tf gives the
// verdicts its plan gives (with its source, where the plan alone cannot tell).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../cli/config";
import { checkDocumentInput } from "../../cli/documents";
import { classifyInput, withInputs } from "../../cli/input";
import { InputError } from "../../cli/inputError";
import type { Finding } from "../../cli/report";
import { checkPlan } from "../../cli/terraform/check";
import { checkSourceInput } from "../../cli/terraform/source/check";
import { loadSource, type SourceOptions } from "../../cli/terraform/source/load";
import { Sensitive, UNKNOWN_VALUE } from "../../policies/values";
import { runCommand } from "./runCommand";

const EXAMPLES = path.resolve(__dirname, "../../examples/terraform");
const ROOT = mkdtempSync(path.join(tmpdir(), "obs-sse-tfsource-"));
const CONFIG = loadConfig(undefined);
let dirs = 0;

/** A configuration directory from file contents by relative path. */
function configDir(files: Readonly<Record<string, string>>): string {
    const dir = path.join(ROOT, `c${dirs++}`);
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

const verdicts = (fs: readonly Finding[]) => fs.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resource}`).sort();

const load = (dir: string, options: Partial<SourceOptions> = {}) =>
    loadSource(dir, { cwd: ROOT, env: {}, variables: [], overrides: new Map(), ...options });

const PROVIDERS = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
`;

/** An aws provider block (alias optional) whose endpoint is `s3`, an expression. */
const awsProvider = (s3: string, alias?: string) => `provider "aws" {
${alias ? `  alias = "${alias}"\n` : ""}  region = "eu-de"
  endpoints {
    s3 = ${s3}
  }
}
`;

const kmsObject = (name: string, provider?: string) => `resource "aws_s3_object" "${name}" {
${provider ? `  provider = ${provider}\n` : ""}  bucket                 = "b"
  key                    = "${name}.txt"
  content                = "x"
  server_side_encryption = "aws:kms"
}
`;

function endpointOf(reading: Awaited<ReturnType<typeof load>>["reading"], key: string): unknown {
    const provider = reading.providers.find((p) => p.key === key);
    const endpoints = provider?.props.endpoints;
    return Array.isArray(endpoints) ? (endpoints[0] as { s3?: unknown }).s3 : endpoints;
}

describe("the examples: the scan of main.tf gives the verdicts of plan.json", () => {
    const names = readdirSync(EXAMPLES).filter(
        (n) => existsSync(path.join(EXAMPLES, n, "main.tf")) && existsSync(path.join(EXAMPLES, n, "plan.json")),
    );
    it("covers every example with main.tf and plan.json", () => {
        expect(names.length).toBeGreaterThanOrEqual(12);
    });
    for (const name of names) {
        it(`${name}: the same verdicts (policy, level, address) from the source as from the plan read with it`, async () => {
            const dir = path.join(EXAMPLES, name);
            const source = await checkSourceInput(dir, CONFIG, { cwd: EXAMPLES, env: {} });
            const plan = await withInputs({ cwd: EXAMPLES }, () =>
                checkDocumentInput(`${name}/plan.json`, CONFIG, { cwd: EXAMPLES, env: {} }),
            );
            expect(plan.report.heading?.source).toMatch(/plan, with its configuration/);
            expect(verdicts(source.report.findings)).toEqual(verdicts(plan.report.findings));
            expect(source.warnings).toEqual([]);
        });
    }
    it("where the plan alone cannot tell an endpoint, the source does: local-endpoint and templated-endpoints", async () => {
        const alone = await checkPlan(path.join(EXAMPLES, "local-endpoint", "plan.json"), CONFIG);
        expect(verdicts(alone.report.findings)).toEqual([
            'advisory obs-sse-transfer-protocol provider["registry.terraform.io/hashicorp/aws"].obs',
        ]);
        const source = await checkSourceInput(path.join(EXAMPLES, "local-endpoint"), CONFIG, { cwd: EXAMPLES, env: {} });
        expect(verdicts(source.report.findings)).toContain("mandatory obs-sse-transfer-protocol aws_s3_object.doc");
        const templated = await checkSourceInput(path.join(EXAMPLES, "templated-endpoints"), CONFIG, { cwd: EXAMPLES, env: {} });
        // "http://${var.obs_host}" is judged exactly: http, mandatory.
        expect(verdicts(templated.report.findings)).toContain("mandatory obs-sse-transfer-protocol aws_s3_object.via_host_template");
    });
});

describe("source-only examples (no plan.json): what each yields", () => {
    const EXPECTED: Readonly<Record<string, readonly string[]>> = {
        // format("%s://%s", local.scheme, local.obs_host) with use_tls = false: http.
        "source-templated-providers": [
            "advisory obs-https-hardening aws_s3_object.upload",
            "advisory obs-https-hardening opentelekomcloud_obs_bucket_object.report",
            "mandatory obs-sse-transfer-protocol aws_s3_object.upload",
        ],
        // prod.auto.tfvars (http, two objects) wins over terraform.tfvars (https, one object).
        "source-tfvars": [
            'advisory obs-https-hardening aws_s3_object.doc["a.txt"]',
            'advisory obs-https-hardening aws_s3_object.doc["b.txt"]',
            'mandatory obs-sse-transfer-protocol aws_s3_object.doc["a.txt"]',
            'mandatory obs-sse-transfer-protocol aws_s3_object.doc["b.txt"]',
        ],
        // Only the store instances, given the root's aws.http through the app's aws.legacy.
        "source-nested-modules": [
            'advisory obs-https-hardening module.app.module.store["eu"].aws_s3_object.archived',
            'advisory obs-https-hardening module.app.module.store["us"].aws_s3_object.archived',
            'mandatory obs-sse-transfer-protocol module.app.module.store["eu"].aws_s3_object.archived',
            'mandatory obs-sse-transfer-protocol module.app.module.store["us"].aws_s3_object.archived',
        ],
    };
    for (const [name, expected] of Object.entries(EXPECTED)) {
        it(name, async () => {
            expect(existsSync(path.join(EXAMPLES, name, "plan.json"))).toBe(false);
            const { report, warnings } = await checkSourceInput(name, CONFIG, { cwd: EXAMPLES, env: {} });
            expect(verdicts(report.findings)).toEqual(expected);
            expect(warnings).toEqual([]);
        });
    }
    it("source-tfvars: --var wins over the tfvars files; use_tls=true makes source-templated-providers pass", async () => {
        const https = await runCommand(["--var", "obs_endpoint=https://obs.eu-de.otc.t-systems.com", "source-tfvars"], { cwd: EXAMPLES });
        expect(https.code).toBe(0);
        const tls = await runCommand(["--format", "json", "--var", "use_tls=true", "source-templated-providers"], { cwd: EXAMPLES });
        expect(tls.code).toBe(0);
        expect(verdicts((JSON.parse(tls.stdout) as { findings: Finding[] }).findings)).toEqual([
            "advisory obs-https-hardening opentelekomcloud_obs_bucket_object.report",
        ]);
    });
});

describe("variables: Terraform's sources and precedence", () => {
    const main = `${PROVIDERS}variable "host" {
  default = "default.example"
}
${awsProvider('"https://${var.host}"')}${kmsObject("o")}`;

    it("default < TF_VAR_ < terraform.tfvars < terraform.tfvars.json < *.auto.tfvars (lexical) < --var / --var-file in order", async () => {
        const dir = configDir({ "main.tf": main });
        expect(endpointOf((await load(dir)).reading, "aws")).toBe("https://default.example");
        expect(endpointOf((await load(dir, { env: { TF_VAR_host: "env.example" } })).reading, "aws")).toBe("https://env.example");
        writeFileSync(path.join(dir, "terraform.tfvars"), 'host = "tfvars.example"\n');
        expect(endpointOf((await load(dir, { env: { TF_VAR_host: "env.example" } })).reading, "aws")).toBe("https://tfvars.example");
        writeFileSync(path.join(dir, "terraform.tfvars.json"), '{"host": "json.example"}');
        expect(endpointOf((await load(dir)).reading, "aws")).toBe("https://json.example");
        writeFileSync(path.join(dir, "b.auto.tfvars"), 'host = "b-auto.example"\n');
        writeFileSync(path.join(dir, "a.auto.tfvars.json"), '{"host": "a-auto.example"}');
        expect(endpointOf((await load(dir)).reading, "aws")).toBe("https://b-auto.example");
        const extra = path.join(dir, "extra.tfvars");
        writeFileSync(extra, 'host = "file.example"\n');
        const both = await load(dir, {
            variables: [
                { kind: "file", file: extra },
                { kind: "var", text: "host=cli.example" },
            ],
        });
        expect(endpointOf(both.reading, "aws")).toBe("https://cli.example");
        const reversed = await load(dir, {
            variables: [
                { kind: "var", text: "host=cli.example" },
                { kind: "file", file: extra },
            ],
        });
        expect(endpointOf(reversed.reading, "aws")).toBe("https://file.example");
    });

    it("a variable without a value is unknown, says how to give it one, and is reported once on the provider at advisory", async () => {
        const dir = configDir({ "main.tf": `${PROVIDERS}variable "host" {}\n${awsProvider('"http://${var.host}"')}${kmsObject("o")}` });
        const { report } = await checkSourceInput(dir, CONFIG, { cwd: ROOT, env: {} });
        expect(verdicts(report.findings)).toEqual(['advisory obs-sse-transfer-protocol provider["registry.terraform.io/hashicorp/aws"]']);
        expect(report.findings[0]?.message).toContain(
            "endpoints[0].s3 depends on var.host, which has no value: give it one with --var host=VALUE",
        );
        expect(report.findings[0]?.message).not.toContain("Plan JSON");
        const given = await checkSourceInput(dir, CONFIG, {
            cwd: ROOT,
            env: {},
            variables: [{ kind: "var", text: "host=obs.eu-de.otc.t-systems.com" }],
        });
        expect(verdicts(given.report.findings)).toContain("mandatory obs-sse-transfer-protocol aws_s3_object.o");
    });

    it("a sensitive variable reaches the readers wrapped, and no output shows it", async () => {
        const dir = configDir({
            "main.tf": `${PROVIDERS}variable "endpoint" {\n  sensitive = true\n}\n${awsProvider("var.endpoint")}${kmsObject("o")}`,
            "terraform.tfvars": 'endpoint = "http://obs.eu-de.otc.t-systems.com/PLANTED"\n',
        });
        const { reading } = await load(dir);
        expect(endpointOf(reading, "aws")).toBeInstanceOf(Sensitive);
        const r = await runCommand(["--format", "json", dir], { cwd: ROOT });
        expect(r.code).toBe(1);
        expect(r.stdout + r.stderr).not.toContain("PLANTED");
    });

    it("types: a number variable from --var text; a list from an HCL expression; an undeclared --var is exit 2", async () => {
        const dir = configDir({
            "main.tf": `${PROVIDERS}variable "n" {\n  type = number\n  default = 0\n}\nvariable "keys" {\n  type = list(string)\n  default = []\n}\n${awsProvider('"http://h"')}resource "aws_s3_object" "c" {\n  count = var.n\n  bucket = "b"\n  key = "\${count.index}"\n}\nresource "aws_s3_object" "e" {\n  for_each = toset(var.keys)\n  bucket = "b"\n  key = each.key\n}\n`,
        });
        const { reading } = await load(dir, {
            variables: [
                { kind: "var", text: "n=2" },
                { kind: "var", text: 'keys=["x","y"]' },
            ],
        });
        expect(reading.resources.map((r) => r.urn)).toEqual([
            "aws_s3_object.c[0]",
            "aws_s3_object.c[1]",
            'aws_s3_object.e["x"]',
            'aws_s3_object.e["y"]',
        ]);
        await expect(load(dir, { variables: [{ kind: "var", text: "nope=1" }] })).rejects.toThrow(
            /--var nope: the root module declares no variable/,
        );
        const r = await runCommand(["--var", "oops", dir], { cwd: ROOT });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("--var: expected NAME=VALUE");
    });
});

describe("locals, count, for_each and modules", () => {
    it("locals in dependency order; a cycle is exit 2 naming its locals", async () => {
        const dir = configDir({
            "main.tf": `${PROVIDERS}locals {\n  url = "\${local.scheme}://\${local.host}"\n  host = "obs.example"\n  scheme = "http"\n}\n${awsProvider("local.url")}`,
        });
        expect(endpointOf((await load(dir)).reading, "aws")).toBe("http://obs.example");
        const cyclic = configDir({ "main.tf": `locals {\n  a = local.b\n  b = local.a\n}\n` });
        await expect(load(cyclic)).rejects.toThrow(/local values refer to each other in a cycle: local\.a → local\.b → local\.a/);
    });

    it("addresses as Terraform writes them, through module count and for_each", async () => {
        const dir = configDir({
            "main.tf": `${PROVIDERS}${awsProvider('"http://h"')}module "m" {\n  source = "./m"\n  for_each = { k1 = "a", k2 = "b" }\n  name = each.value\n}\nmodule "c" {\n  source = "./m"\n  count = 1\n  name = "z"\n}\n`,
            "m/main.tf": `variable "name" {}\nresource "aws_s3_object" "o" {\n  count = 2\n  bucket = "b"\n  key = "\${var.name}-\${count.index}"\n}\n`,
        });
        const { reading } = await load(dir);
        expect(reading.resources.map((r) => r.urn).sort()).toEqual([
            "module.c[0].aws_s3_object.o[0]",
            "module.c[0].aws_s3_object.o[1]",
            'module.m["k1"].aws_s3_object.o[0]',
            'module.m["k1"].aws_s3_object.o[1]',
            'module.m["k2"].aws_s3_object.o[0]',
            'module.m["k2"].aws_s3_object.o[1]',
        ]);
        expect(reading.resources.find((r) => r.urn === 'module.m["k2"].aws_s3_object.o[1]')?.inputs.key).toBe("b-1");
    });

    it("providers: a module's own block (module.x:aws), providers = { aws = aws.obs } through two levels, inherited defaults", async () => {
        const dir = configDir({
            "main.tf": `${PROVIDERS}${awsProvider('"https://default"')}${awsProvider('"http://obs"', "obs")}module "passed" {\n  source = "./passed"\n  providers = {\n    aws = aws.obs\n  }\n}\nmodule "inherits" {\n  source = "./inherits"\n}\nmodule "own" {\n  source = "./own"\n}\n`,
            "passed/main.tf": `${kmsObject("p")}module "deeper" {\n  source = "../inherits"\n}\n`,
            "inherits/main.tf": kmsObject("i"),
            "own/main.tf": `${awsProvider('"http://own"')}${kmsObject("w")}`,
        });
        const { reading } = await load(dir);
        const providerOf = (urn: string) => reading.resources.find((r) => r.urn === urn)?.provider?.name;
        expect(providerOf("module.passed.aws_s3_object.p")).toBe("aws.obs");
        expect(providerOf("module.passed.module.deeper.aws_s3_object.i")).toBe("aws.obs");
        expect(providerOf("module.inherits.aws_s3_object.i")).toBe("aws");
        expect(providerOf("module.own.aws_s3_object.w")).toBe("module.own:aws");
        expect(reading.providers.find((p) => p.key === "module.own:aws")?.urn).toBe(
            'module.own.provider["registry.terraform.io/hashicorp/aws"]',
        );
        expect(reading.providers.map((p) => p.key).sort()).toEqual(["aws", "aws.obs", "module.own:aws"]);
    });

    it("a registry module is read where .terraform/modules/modules.json puts it; one not installed is said, never silently dropped", async () => {
        const dir = configDir({
            "main.tf": `${PROVIDERS}${awsProvider('"http://obs"')}module "reg" {\n  source = "terraform-aws-modules/s3-bucket/aws"\n}\nmodule "git" {\n  source = "git::https://user:token@example.com/m.git"\n}\n`,
            ".terraform/modules/modules.json": JSON.stringify({
                Modules: [
                    { Key: "", Source: "", Dir: "." },
                    { Key: "reg", Source: "registry.terraform.io/terraform-aws-modules/s3-bucket/aws", Dir: ".terraform/modules/reg" },
                ],
            }),
            ".terraform/modules/reg/main.tf": kmsObject("r"),
        });
        const result = await load(dir);
        expect(result.reading.resources.map((r) => r.urn)).toEqual(["module.reg.aws_s3_object.r"]);
        expect(result.warnings).toHaveLength(1);
        expect(result.warnings[0]).toMatch(/^module\.git \(c\d+\/main\.tf:\d+\): not read: its source is not a local directory/);
        // The remote source (which may hold credentials) is not repeated.
        expect(result.warnings[0]).not.toContain("token");
    });

    it("a resource attribute or data source it refers to is unknown (known after apply), and a bucket link follows the reference", async () => {
        const dir = configDir({
            "main.tf": `${PROVIDERS}${awsProvider('"http://obs"')}data "aws_kms_key" "k" {\n  key_id = "alias/x"\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "bkt"\n}\nresource "aws_s3_object" "o" {\n  bucket = aws_s3_bucket.b.id\n  key = "k"\n  kms_key_id = data.aws_kms_key.k.arn\n  server_side_encryption = "aws:kms"\n}\n`,
        });
        const { reading } = await load(dir);
        const object = reading.resources.find((r) => r.urn === "aws_s3_object.o");
        expect(object?.inputs.bucket).toBe(UNKNOWN_VALUE);
        expect(object?.inputs.kmsKeyId).toBe(UNKNOWN_VALUE);
        expect(object?.propertyDependencies.bucket).toEqual(["aws_s3_bucket.b"]);
        expect(reading.skipped).toBe(1);
    });
});

describe("what is not read is said", () => {
    it("*.tf.json and override files are named in a warning; --var without a configuration directory is a warning", async () => {
        const dir = configDir({
            "main.tf": `${PROVIDERS}${awsProvider('"http://obs.eu-de.otc.t-systems.com"')}${kmsObject("o")}`,
            "extra.tf.json": '{"resource": {}}',
            "main_override.tf": "",
        });
        const result = await load(dir);
        expect(result.warnings).toEqual([
            expect.stringMatching(/^c\d+\/extra\.tf\.json: not read \(JSON configuration and override files are not evaluated\)/),
            expect.stringMatching(/^c\d+\/main_override\.tf: not read/),
        ]);
        const r = await runCommand(["--var", "x=1", "--no-source", path.join(EXAMPLES, "delete", "plan.json")], { cwd: ROOT });
        expect(r.stderr).toContain("warning: --var and --var-file apply to Terraform configuration directories");
    });
});

describe("bad input: exit 2 naming file, line and column, never the content", () => {
    it("a syntax error", async () => {
        const dir = configDir({ "main.tf": 'resource "aws_s3_object" "o" {\n  key = "SECRET-PLANTED"\n  bucket = \n}\n' });
        const r = await runCommand([dir], { cwd: ROOT });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/c\d+\/main\.tf:\d+:\d+: is not valid HCL \(syntax error\)/);
        expect(r.stderr).not.toContain("PLANTED");
    });
    it("an evaluation error", async () => {
        const dir = configDir({ "main.tf": `${awsProvider("local.nope")}` });
        await expect(load(dir)).rejects.toThrow(InputError);
        await expect(load(dir)).rejects.toThrow(/^c\d+\/main\.tf:\d+:\d+: /);
    });
});

describe("input kinds and the command", () => {
    it("a directory with .tf files is a Terraform configuration; with Pulumi.yaml it stays a Pulumi program; with neither it is refused", () => {
        const tf = configDir({ "main.tf": "" });
        const both = configDir({ "main.tf": "", "Pulumi.yaml": "name: x\nruntime: nodejs\n" });
        const neither = configDir({ "README.md": "" });
        expect(classifyInput(tf, ROOT)).toBe("terraform-source");
        expect(classifyInput(both, ROOT)).toBe("pulumi-program");
        expect(() => classifyInput(neither, ROOT)).toThrow(/neither Pulumi\.yaml nor Terraform \.tf files/);
    });

    it("reports kind terraform-source with files and modules counted, and locations relative to the working directory", async () => {
        const r = await runCommand(["--format", "json", "module-provider"], { cwd: EXAMPLES });
        expect(r.code).toBe(1);
        const report = JSON.parse(r.stdout) as {
            inputs: Array<{ kind: string }>;
            findings: Array<{ resource: string; location?: unknown }>;
        };
        expect(report.inputs[0]?.kind).toBe("terraform-source");
        const text = await runCommand(["module-provider"], { cwd: EXAMPLES });
        expect(text.stdout).toContain("Terraform configuration, 3 files in 3 modules");
        expect(report.findings.find((f) => f.resource === "module.store.module.nested.aws_s3_object.note")?.location).toEqual({
            file: "module-provider/modules/store/nested/main.tf",
            line: 4,
            column: 1,
        });
    });

    it("locations in SARIF (the .tf file, relative to the working directory, with line and column) and text (file:line beside the subject)", async () => {
        const r = await runCommand(["--format", "sarif", "sensitive-customer-key"], { cwd: EXAMPLES });
        const log = JSON.parse(r.stdout) as {
            runs: Array<{
                results: Array<{
                    ruleId: string;
                    locations: Array<{
                        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
                    }>;
                }>;
            }>;
        };
        const key = log.runs[0]?.results.find((x) => x.ruleId === "obs-sse-c-key-transport");
        expect(key?.locations[0]?.physicalLocation).toEqual({
            artifactLocation: { uri: "sensitive-customer-key/main.tf", uriBaseId: "%SRCROOT%" },
            region: { startLine: 34, startColumn: 3 },
        });
        const text = await runCommand(["sensitive-customer-key"], { cwd: EXAMPLES });
        expect(text.stdout).toContain("sensitive-customer-key/main.tf:34)");
    });

    it("a finding is located at the attribute its verdict rests on, else at its block", async () => {
        const { report } = await checkSourceInput(path.join(EXAMPLES, "sensitive-customer-key"), CONFIG, { cwd: EXAMPLES, env: {} });
        const lines = readFileSync(path.join(EXAMPLES, "sensitive-customer-key", "main.tf"), "utf8").split("\n");
        const key = report.findings.find((f) => f.policy === "obs-sse-c-key-transport");
        // The SSE-C key is what travels over http: its attribute, not the block.
        expect(key?.location).toEqual({
            file: "sensitive-customer-key/main.tf",
            line: lines.findIndex((l) => /^\s+customer_key\s+=/.test(l)) + 1,
            column: 3,
        });
        const otc = await checkSourceInput(path.join(EXAMPLES, "otc-native"), CONFIG, { cwd: EXAMPLES, env: {} });
        const otcLines = readFileSync(path.join(EXAMPLES, "otc-native", "main.tf"), "utf8").split("\n");
        // The algorithm rule names no input: the resource block.
        expect(otc.report.findings.find((f) => f.policy === "obs-sse-supported-algorithm")?.location).toEqual({
            file: "otc-native/main.tf",
            line: otcLines.findIndex((l) => l.startsWith('resource "opentelekomcloud_s3_bucket_object" "legacy_doc"')) + 1,
            column: 1,
        });
    });
});

describe("plans read with their source", () => {
    it("templated-endpoints: --source judges http://${var.obs_host} exactly (mandatory); --no-source leaves it unknown (advisory)", async () => {
        const withSource = await runCommand(["--format", "json", "templated-endpoints/plan.json"], { cwd: EXAMPLES });
        const alone = await runCommand(["--format", "json", "--no-source", "templated-endpoints/plan.json"], { cwd: EXAMPLES });
        const named = await runCommand(["--format", "json", "--source", "templated-endpoints", "-"], {
            cwd: EXAMPLES,
            stdin: readFileSync(path.join(EXAMPLES, "templated-endpoints", "plan.json")),
        });
        const summary = (r: { stdout: string }) => verdicts((JSON.parse(r.stdout) as { findings: Finding[] }).findings);
        expect(summary(withSource)).toContain("mandatory obs-sse-transfer-protocol aws_s3_object.via_host_template");
        expect(summary(named)).toEqual(summary(withSource));
        expect(summary(alone)).toContain(
            'advisory obs-sse-transfer-protocol provider["registry.terraform.io/hashicorp/aws"].host_template',
        );
        expect(summary(alone)).not.toContain("mandatory obs-sse-transfer-protocol aws_s3_object.via_host_template");
        const located = (JSON.parse(withSource.stdout) as { findings: Finding[] }).findings.find(
            (f) => f.resource === "aws_s3_object.via_http_var",
        );
        expect(located?.location).toEqual({ file: "templated-endpoints/main.tf", line: 92, column: 1 });
    });

    it("a source named with --source that cannot be read is exit 2; the plan's own directory is then left out with a warning", async () => {
        const broken = configDir({ "main.tf": "resource {\n" });
        const r = await runCommand(["--source", broken, path.join(EXAMPLES, "local-endpoint", "plan.json")], { cwd: ROOT });
        expect(r.code).toBe(2);
        const dir = configDir({ "main.tf": "resource {\n" });
        writeFileSync(path.join(dir, "plan.json"), readFileSync(path.join(EXAMPLES, "local-endpoint", "plan.json")));
        const beside = await runCommand(["--format", "json", path.join(dir, "plan.json")], { cwd: ROOT });
        expect(beside.code).toBe(0);
        expect(beside.stderr).toMatch(/the configuration beside it was not read .*is not valid HCL/);
    });
});
