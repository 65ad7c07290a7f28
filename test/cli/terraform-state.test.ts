// obs-sse-check on deployed Terraform state: `terraform show -json` of a state and the raw state
// file (version 4), real ones written by Terraform 1.11.4 and a hand-written OBS state
// (test/fixtures/terraform-state/README.md). Addresses as Terraform writes them, modules, count
// and for_each instances, data sources and deposed objects not judged, provider endpoints unknown
// once per provider unless providerEndpoints names them, sensitive values never shown, and bad
// input refused naming the file and the field.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../cli/config";
import { DEPTH_LIMIT } from "../../cli/terraform/expressions";
import { readPlan } from "../../cli/terraform/resources";
import {
    checkStateDocument,
    instanceKeyText,
    parseProviderAddress,
    readState,
    stateFileOf,
    stateJsonOf,
    type StateDocument,
} from "../../cli/terraform/state";
import type { Plan } from "../../cli/terraform/plan";
import { Sensitive, UNKNOWN_VALUE } from "../../policies/values";
import { leakIn, SECRET_MARKERS } from "../fuzz/arbitraries";
import { runCommand } from "./runCommand";

const FIXTURES = path.resolve(__dirname, "../fixtures/terraform-state");
const DIR = mkdtempSync(path.join(tmpdir(), "obs-sse-tfstate-"));
const CONFIG = loadConfig(undefined);
const HTTP_OBS = "http://obs.eu-de.otc.t-systems.com";
const HTTPS_OBS = "https://obs.eu-de.otc.t-systems.com";
const HTTP_HUAWEI = "http://obs.ap-southeast-1.myhuaweicloud.com";

type Json = Record<string, unknown>;
const fixture = (...parts: string[]): string => path.join(FIXTURES, ...parts);
const readJson = (file: string): Json => JSON.parse(readFileSync(file, "utf8")) as Json;
const OBS_RAW = fixture("obs", "terraform.tfstate");
const OBS_SHOW = fixture("obs", "show.json");

let files = 0;
function write(doc: unknown, name = `state-${files++}.json`): string {
    const f = path.join(DIR, name);
    writeFileSync(f, typeof doc === "string" ? doc : JSON.stringify(doc));
    return f;
}
function configFile(endpoints: Record<string, string>): string {
    return write({ "obs-sse-check": { providerEndpoints: endpoints } }, `config-${files++}.json`);
}

interface JsonFinding {
    policy: string;
    enforcementLevel: string;
    resource: string;
    resourceType: string;
    message: string;
}
interface JsonReport {
    inputs: Array<{ input: string; kind: string; resources: number }>;
    findings: JsonFinding[];
    summary: { mandatory: number };
}
async function jsonRun(...args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
    const r = await runCommand(["--format", "json", ...args], { cwd: process.cwd() });
    expect(r.code, r.stderr).not.toBe(2);
    return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}
const summary = (fs: readonly JsonFinding[]): string[] => fs.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resource}`).sort();
const isProvider = (f: JsonFinding): boolean => f.resourceType === "provider";

describe("the real states of Terraform 1.11.4", () => {
    it("reads the reference samples (raw v4 and show -json of one terraform_data) as terraform-state, judging nothing", async () => {
        for (const [file, heading] of [
            ["terraform-1.11.4_raw_v4.tfstate", "Terraform 1.11.4 state file (v4, serial 1)"],
            ["terraform-1.11.4_show-json_state_terraform_data.json", "Terraform 1.11.4 state (show -json)"],
        ] as const) {
            const input = fixture("samples", file);
            const { code, report } = await jsonRun(input);
            expect(code).toBe(0);
            expect(report.inputs).toEqual([{ input, kind: "terraform-state", resources: 0, findings: 0 }]);
            const text = await runCommand([input], { cwd: process.cwd() });
            expect(text.stdout.replace(/\s+/g, " ")).toContain(`(${heading})`);
            expect(text.stdout.replace(/\s+/g, " ")).toContain("Not judged: 1 instance of types the pack does not read.");
        }
    });

    it("gives every instance the address Terraform gives it: modules (counted, for_each, nested), count and for_each keys Terraform quotes", () => {
        const raw = stateFileOf(readJson(fixture("terraform-data", "terraform.tfstate")), "terraform.tfstate");
        const shown = stateJsonOf(readJson(fixture("terraform-data", "show.json")), "show.json");
        const addresses = (s: StateDocument) => s.instances.map((i) => `${i.mode} ${i.address}`).sort();
        expect(addresses(raw)).toEqual(addresses(shown));
        expect(raw.instances).toHaveLength(31);
        expect(addresses(raw)).toEqual(
            expect.arrayContaining([
                'managed terraform_data.each["$${x}"]',
                'managed terraform_data.each["%%{y}"]',
                'managed terraform_data.each["back\\\\slash"]',
                'managed terraform_data.each["bell\\u0007"]',
                'managed terraform_data.each["new\\nline"]',
                'managed terraform_data.each["q\\"x"]',
                'managed terraform_data.each["tab\\there"]',
                'managed terraform_data.each["é"]',
                'managed module.f["q\\"k"].module.deep.terraform_data.deepest',
                "data module.n[1].module.deep.data.terraform_remote_state.rs",
                "managed terraform_data.counted[1]",
            ]),
        );
        expect(raw.source).toBe("Terraform 1.11.4 state file (v4, serial 31)");
        // Both name the builtin provider by its source address.
        expect(new Set(raw.instances.map((i) => i.providerKey))).toEqual(new Set(["terraform"]));
        expect(new Set(shown.instances.map((i) => i.providerKey))).toEqual(new Set(["terraform"]));
    });

    it("reads sensitive_attributes paths and sensitive_values masks; a path that leaves the value's shape marks what it reached whole", () => {
        const raw = stateFileOf(readJson(fixture("terraform-data", "terraform.tfstate")), "f");
        const shown = stateJsonOf(readJson(fixture("terraform-data", "show.json")), "f");
        const sens = (s: StateDocument) => s.instances.find((i) => i.address === "terraform_data.sens")!.sensitive;
        expect(sens(shown)).toEqual({ input: { key: true, list: [false, true] }, output: { list: [false, false] } });
        // The raw file wraps terraform_data's dynamically typed input as {"value", "type"}: the
        // path input.key does not fit it past "input", so all of input is marked.
        expect(sens(raw)).toEqual({ input: true });
    });

    it("names the instance keys as Terraform does (addrs.StringKey)", () => {
        expect(instanceKeyText(0)).toBe("[0]");
        expect(instanceKeyText("a${b}%{c}$d")).toBe('["a$${b}%%{c}$d"]');
        expect(instanceKeyText("\u001b\u{1F600}\u2028")).toBe('["\\u001b\u{1F600}\\u2028"]');
    });

    it("reads provider addresses into the configuration keys plans use", () => {
        expect(parseProviderAddress('provider["registry.terraform.io/hashicorp/aws"]')).toEqual({
            key: "aws",
            source: "registry.terraform.io/hashicorp/aws",
            address: 'provider["registry.terraform.io/hashicorp/aws"]',
        });
        expect(parseProviderAddress('provider["registry.terraform.io/hashicorp/aws"].obs')?.key).toBe("aws.obs");
        expect(parseProviderAddress('module.a.module.b.provider["registry.terraform.io/hashicorp/aws"].obs')?.key).toBe(
            "module.a.module.b:aws.obs",
        );
        // Terraform 0.12's legacy form.
        expect(parseProviderAddress("module.a.provider.aws.obs")).toEqual({
            key: "module.a:aws.obs",
            source: "registry.terraform.io/hashicorp/aws",
            address: 'module.a.provider["registry.terraform.io/hashicorp/aws"].obs',
        });
        expect(parseProviderAddress("aws")).toBeUndefined();
    });
});

describe("an OBS state without and with providerEndpoints", () => {
    it("without: the endpoint of each provider is unknown, said once per provider at advisory, never guessed", async () => {
        for (const input of [OBS_RAW, OBS_SHOW]) {
            const { code, report } = await jsonRun(input);
            expect(code).toBe(0);
            expect(summary(report.findings)).toEqual([
                'advisory obs-sse-transfer-protocol provider["registry.terraform.io/hashicorp/aws"]',
                'advisory obs-sse-transfer-protocol provider["registry.terraform.io/huaweicloud/huaweicloud"]',
                'advisory obs-sse-transfer-protocol provider["registry.terraform.io/opentelekomcloud/opentelekomcloud"]',
            ]);
            const aws = report.findings.find((f) => f.resource.includes("hashicorp/aws"))!;
            expect(aws.message).toContain("cannot be known from this state");
            expect(aws.message).toContain("A Terraform state holds no provider configuration");
            expect(aws.message).toContain('{"obs-sse-check": {"providerEndpoints": {"aws": "https://..."}}}');
            expect(aws.message).toContain("12 resources use it");
            const otc = report.findings.find((f) => f.resource.includes("opentelekomcloud"))!;
            expect(otc.message).toContain("check a plan of the configuration instead");
            expect(report.findings.map((f) => f.message).join("\n")).not.toMatch(/at plan time|this plan/);
        }
    });

    it("with: judged like a plan's unchanged resources; the deposed object and the data source are not judged; raw v4 and show -json agree", async () => {
        const config = configFile({ aws: HTTP_OBS, huaweicloud: HTTP_HUAWEI });
        const raw = await jsonRun("-c", config, OBS_RAW);
        const shown = await jsonRun("-c", config, OBS_SHOW);
        expect(raw.code).toBe(1);
        expect(shown.code).toBe(1);
        expect(summary(shown.report.findings)).toEqual(summary(raw.report.findings));
        const mandatory = raw.report.findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => `${f.policy} ${f.resource}`);
        expect(mandatory.sort()).toEqual(
            [
                "obs-sse-transfer-protocol aws_s3_object.report",
                "obs-sse-transfer-protocol aws_s3_object.counted[0]",
                "obs-sse-transfer-protocol aws_s3_object.counted[1]",
                "obs-sse-transfer-protocol module.archive.aws_s3_object.inner",
                "obs-sse-transfer-protocol module.shards[0].aws_s3_object.part",
                "obs-sse-transfer-protocol module.shards[1].aws_s3_object.part",
                "obs-sse-transfer-protocol aws_s3_object_copy.ssec",
                "obs-sse-c-key-transport aws_s3_object_copy.ssec",
                "obs-sse-transfer-protocol huaweicloud_obs_bucket_object.hw",
            ].sort(),
        );
        // The deposed object of aws_s3_object.rotated is SSE-KMS: judged, it would be mandatory.
        expect(raw.report.findings.filter((f) => f.resource === "aws_s3_object.rotated" && f.enforcementLevel === "mandatory")).toEqual([]);
        expect(raw.report.findings.some((f) => f.resource.startsWith("data."))).toBe(false);
        // 14 current managed instances and 3 providers.
        expect(raw.report.inputs[0]).toMatchObject({ kind: "terraform-state", resources: 17 });
        // The provider OTC's endpoint still cannot be known: once, advisory.
        expect(
            raw.report.findings.filter((f) => isProvider(f) && f.resource.includes("opentelekomcloud")).map((f) => f.enforcementLevel),
        ).toEqual(["advisory"]);
        // Messages speak of the state, not of a plan.
        const text = raw.report.findings.map((f) => f.message).join("\n");
        expect(text).toContain("unknown in the deployed state");
        expect(text).not.toMatch(/at plan time|this plan/);
        const deposed = await runCommand(["-c", config, OBS_RAW], { cwd: process.cwd() });
        expect(deposed.stdout.replace(/\s+/g, " ")).toContain(
            "Not judged: 1 deposed object (left by a replacement; Terraform only deletes them), 1 data source.",
        );
    });

    it("over https: what the state cannot show about insecure is said once on the provider, with advice that fits a state", async () => {
        const { code, report } = await jsonRun("-c", configFile({ aws: HTTPS_OBS }), OBS_RAW);
        expect(code).toBe(0);
        const insecure = report.findings.filter((f) => f.policy === "obs-https-hardening" && isProvider(f));
        expect(insecure).toHaveLength(1);
        expect(insecure[0]!.message).toContain(
            "whether it verifies TLS certificates cannot be known from this state: insecure is not in the state",
        );
        expect(insecure[0]!.message).toContain("Fix: check a plan of the configuration");
        expect(report.findings.filter((f) => f.policy === "obs-virtual-hosted-style").map((f) => f.resource)).toEqual([
            'provider["registry.terraform.io/hashicorp/aws"]',
        ]);
    });

    it("an aws provider named with an AWS endpoint is not on OBS: nothing applies to its resources", async () => {
        const { code, report } = await jsonRun(
            "-c",
            configFile({ aws: "https://s3.eu-central-1.amazonaws.com", huaweicloud: "https://obs.ap-southeast-1.myhuaweicloud.com" }),
            OBS_RAW,
        );
        expect(code).toBe(0);
        expect(report.findings.filter((f) => f.resource.includes("hashicorp/aws") || f.resourceType.startsWith("aws_"))).toEqual([]);
    });

    it("providerEndpoints naming a provider no resource uses is a warning, not an error; the OTC provider (no endpoint argument) is an error as for plans", async () => {
        const r = await runCommand(["-c", configFile({ aws: HTTPS_OBS, "aws.obs": HTTPS_OBS }), OBS_SHOW], { cwd: process.cwd() });
        expect(r.code).toBe(0);
        expect(r.stderr).toContain(
            'providerEndpoints names provider "aws.obs", which no resource of the state that this checker reads uses',
        );
        expect(r.stderr).toContain("names only each resource's provider type");
        const otc = await runCommand(["-c", configFile({ opentelekomcloud: HTTPS_OBS }), OBS_RAW], { cwd: process.cwd() });
        expect(otc.code).toBe(2);
        expect(otc.stderr).toContain("no endpoint argument");
    });
});

/** A raw v4 state of the given resources. */
function rawState(resources: unknown[], extra: Json = {}): Json {
    return { version: 4, terraform_version: "1.11.4", serial: 3, lineage: "l", outputs: {}, resources, ...extra };
}
const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';
const kmsObject = (key: string): Json => ({ bucket: "b", key, content: "x", server_side_encryption: "aws:kms", kms_key_id: "k" });

describe("provider configurations of a raw state: aliases and module providers", () => {
    const doc = rawState([
        { mode: "managed", type: "aws_s3_object", name: "root", provider: AWS, instances: [{ attributes: kmsObject("r") }] },
        { mode: "managed", type: "aws_s3_object", name: "aliased", provider: `${AWS}.obs`, instances: [{ attributes: kmsObject("a") }] },
        {
            module: 'module.store["x"]',
            mode: "managed",
            type: "aws_s3_object",
            name: "inner",
            provider: `module.store.${AWS}`,
            instances: [{ index_key: "k", attributes: kmsObject("i") }],
        },
    ]);

    it("keys them as plans do (aws, aws.obs, module.store:aws), so providerEndpoints names each", async () => {
        const { report } = await jsonRun(
            "-c",
            configFile({ aws: HTTPS_OBS, "aws.obs": HTTP_OBS, "module.store:aws": HTTP_OBS }),
            write(doc),
        );
        expect(
            report.findings
                .filter((f) => f.enforcementLevel === "mandatory")
                .map((f) => f.resource)
                .sort(),
        ).toEqual(["aws_s3_object.aliased", 'module.store["x"].aws_s3_object.inner["k"]']);
        const unknown = await jsonRun(write(doc));
        expect(summary(unknown.report.findings)).toEqual([
            'advisory obs-sse-transfer-protocol module.store.provider["registry.terraform.io/hashicorp/aws"]',
            'advisory obs-sse-transfer-protocol provider["registry.terraform.io/hashicorp/aws"]',
            'advisory obs-sse-transfer-protocol provider["registry.terraform.io/hashicorp/aws"].obs',
        ]);
    });

    it("takes a provider configuration a source reader built (providerConfigs) as it is", () => {
        const state = stateFileOf(doc, "f");
        const plain = readState(state, "f").reading;
        const root = plain.resources.find((r) => r.urn === "aws_s3_object.root")!.provider!;
        expect(root.props.endpoints).toBe(UNKNOWN_VALUE);
        const fromSource = { ...root, props: { endpoints: [{ s3: HTTP_OBS }] }, unresolved: new Map<string, string>() };
        const { reading } = readState(state, "f", { providerConfigs: new Map([["aws", fromSource]]) });
        expect(reading.resources.find((r) => r.urn === "aws_s3_object.root")!.provider).toBe(fromSource);
        expect(reading.resources.find((r) => r.urn === "aws_s3_object.aliased")!.provider!.props.endpoints).toBe(UNKNOWN_VALUE);
    });
});

describe("values: one conversion for plans and states", () => {
    it("a state instance reads as the same Pulumi inputs and outputs as the plan's unchanged (no-op) instance with the same values", () => {
        const values = {
            bucket: "b",
            key: "k",
            customer_algorithm: "AES256",
            customer_key: "c2VjcmV0",
            source: "b/src",
            tags: { a: "1" },
        };
        const plan = {
            format_version: "1.2",
            resource_changes: [
                {
                    address: "aws_s3_object_copy.c",
                    mode: "managed",
                    type: "aws_s3_object_copy",
                    name: "c",
                    provider_name: "registry.terraform.io/hashicorp/aws",
                    change: { actions: ["no-op"], after: values, after_unknown: {}, after_sensitive: { customer_key: true } },
                },
            ],
        } as unknown as Plan;
        const fromPlan = readPlan(plan).resources[0]!;
        const state = stateFileOf(
            rawState([
                {
                    mode: "managed",
                    type: "aws_s3_object_copy",
                    name: "c",
                    provider: AWS,
                    instances: [{ attributes: values, sensitive_attributes: [[{ type: "get_attr", value: "customer_key" }]] }],
                },
            ]),
            "f",
        );
        const fromState = readState(state, "f").reading.resources[0]!;
        expect(fromState.inputs).toEqual(fromPlan.inputs);
        expect(fromState.outputs).toEqual(fromPlan.outputs);
        expect(fromState.inputs.customerKey).toBeInstanceOf(Sensitive);
        expect(fromState.inputs.tags).toEqual({ a: "1" });
    });

    it("marks the key material the provider's schema declares sensitive even where the state does not", () => {
        const state = stateFileOf(
            rawState([
                {
                    mode: "managed",
                    type: "aws_s3_object_copy",
                    name: "c",
                    provider: AWS,
                    instances: [
                        { attributes: { bucket: "b", key: "k", source: "b/s", source_customer_key: "a2V5", customer_key: "a2V5" } },
                    ],
                },
            ]),
            "f",
        );
        const r = readState(state, "f").reading.resources[0]!;
        expect(r.inputs.customerKey).toBeInstanceOf(Sensitive);
        expect(r.inputs.sourceCustomerKey).toBeInstanceOf(Sensitive);
        expect(r.inputs.bucket).toBe("b");
    });
});

describe("sensitive values in a state, in every format", () => {
    // Attributes of an SSE-KMS object and an SSE-C copy a state may mark sensitive (their values: markers).
    const markable = ["bucket", "key", "content", "kms_key_id", "source"] as const;
    const caseArb = fc.record({
        form: fc.constantFrom("file" as const, "show-json" as const),
        marked: fc.subarray([...markable], { minLength: 1 }),
        markers: fc.array(fc.constantFrom(...SECRET_MARKERS), { minLength: markable.length, maxLength: markable.length }),
        scheme: fc.constantFrom("http", "https"),
    });
    it("no marker in text, JSON or SARIF, and the verdict the matrix gives", async () => {
        await fc.assert(
            fc.asyncProperty(caseArb, async ({ form, marked, markers, scheme }) => {
                const object: Json = {
                    bucket: "b",
                    key: "k",
                    content: "x",
                    server_side_encryption: "aws:kms",
                    kms_key_id: "arn:aws:kms:eu-de:1:key/x",
                };
                const copy: Json = { bucket: "b", key: "c", source: "b/k", customer_algorithm: "AES256", customer_key: SECRET_MARKERS[9] };
                marked.forEach((attr, i) => {
                    if (attr !== "source") object[attr] = markers[i];
                    if (attr !== "content" && attr !== "kms_key_id") copy[attr] = markers[i];
                });
                const sensitiveOf = (values: Json, extra: string[] = []) => [...marked, ...extra].filter((a) => a in values);
                const doc =
                    form === "file"
                        ? rawState([
                              {
                                  mode: "managed",
                                  type: "aws_s3_object",
                                  name: "o",
                                  provider: AWS,
                                  instances: [
                                      {
                                          attributes: object,
                                          sensitive_attributes: sensitiveOf(object).map((a) => [{ type: "get_attr", value: a }]),
                                      },
                                  ],
                              },
                              {
                                  mode: "managed",
                                  type: "aws_s3_object_copy",
                                  name: "c",
                                  provider: AWS,
                                  // customer_key left unmarked: the schema's mark applies.
                                  instances: [
                                      {
                                          attributes: copy,
                                          sensitive_attributes: sensitiveOf(copy).map((a) => [{ type: "get_attr", value: a }]),
                                      },
                                  ],
                              },
                          ])
                        : {
                              format_version: "1.0",
                              terraform_version: "1.11.4",
                              values: {
                                  root_module: {
                                      resources: [
                                          {
                                              address: "aws_s3_object.o",
                                              mode: "managed",
                                              type: "aws_s3_object",
                                              name: "o",
                                              provider_name: "registry.terraform.io/hashicorp/aws",
                                              values: object,
                                              sensitive_values: Object.fromEntries(sensitiveOf(object).map((a) => [a, true])),
                                          },
                                          {
                                              address: "aws_s3_object_copy.c",
                                              mode: "managed",
                                              type: "aws_s3_object_copy",
                                              name: "c",
                                              provider_name: "registry.terraform.io/hashicorp/aws",
                                              values: copy,
                                              sensitive_values: Object.fromEntries(
                                                  sensitiveOf(copy, ["customer_key"]).map((a) => [a, true]),
                                              ),
                                          },
                                      ],
                                  },
                              },
                          };
                const input = write(doc);
                const config = configFile({ aws: `${scheme}://obs.eu-de.otc.t-systems.com` });
                let verdict: number | undefined;
                for (const format of ["text", "json", "sarif"]) {
                    const r = await runCommand(["--format", format, "-c", config, input], { cwd: process.cwd() });
                    const out = `${r.stdout}\n${r.stderr}`;
                    expect(leakIn(out), `${format} leaks a marker:\n${out}`).toBeUndefined();
                    expect(out).not.toMatch(/internal error|defect in the policy pack/);
                    verdict ??= r.code;
                    expect(r.code, format).toBe(verdict);
                }
                // SSE-KMS and SSE-C over http break their rows (mandatory); over https, nothing is mandatory.
                expect(verdict).toBe(scheme === "http" ? 1 : 0);
            }),
            { numRuns: 12, seed: 20261207 },
        );
    }, 120_000);
});

describe("bad input: exit 2 naming the file and the field, never the content", () => {
    const marker = SECRET_MARKERS[5];
    async function refused(doc: unknown): Promise<string> {
        const input = write(doc);
        const r = await runCommand([input], { cwd: process.cwd() });
        expect(r.code, r.stdout).toBe(2);
        expect(r.stderr).toContain(input);
        expect(leakIn(r.stderr), r.stderr).toBeUndefined();
        return r.stderr;
    }

    it("a state file of version 3 or older, or newer than 4", async () => {
        const v3 = await refused({
            version: 3,
            terraform_version: "0.11.14",
            serial: 2,
            lineage: "l",
            modules: [{ path: ["root"], resources: {} }],
        });
        expect(v3).toContain("version 3 (Terraform 0.11 or older); this checker reads version 4");
        expect(v3).toContain("terraform show -json");
        expect(await refused({ version: 5, lineage: "l", resources: [] })).toContain("state file of version 5");
    });

    it("a show -json state of format 2.x", async () => {
        expect(await refused({ format_version: "2.0", values: {} })).toContain("state format_version has major version 2");
    });

    it("malformed resources and instances, named by field, with no value quoted", async () => {
        const base = { mode: "managed", type: "aws_s3_object", name: "o", provider: AWS };
        expect(await refused(rawState([{ ...base, provider: marker, instances: [] }]))).toMatch(
            /resource aws_s3_object\.o: provider is not a provider configuration address .*, \d+ characters/,
        );
        expect(await refused(rawState([{ ...base, instances: [{ attributes: marker }] }]))).toContain(
            "resource aws_s3_object.o: instances[0]: attributes is a string, not an object",
        );
        expect(await refused(rawState([{ ...base, instances: [{ index_key: [marker], attributes: {} }] }]))).toContain(
            "instances[0]: index_key is a list, not a whole number or a string",
        );
        expect(await refused(rawState([{ ...base, mode: marker, instances: [] }]))).toContain(
            'resources[0]: mode is neither "managed" nor "data"',
        );
        expect(await refused(rawState([{ ...base, instances: [{ attributes: {}, sensitive_attributes: marker }] }]))).toContain(
            "sensitive_attributes is a string, not a list of paths",
        );
        expect(await refused({ ...rawState([]), resources: marker })).toContain("resources is a string, not a list");
        expect(
            await refused({
                format_version: "1.0",
                values: {
                    root_module: {
                        resources: [
                            {
                                address: "aws_s3_object.o",
                                mode: "managed",
                                type: "aws_s3_object",
                                name: "o",
                                provider_name: "p",
                                values: [marker],
                            },
                        ],
                    },
                },
            }),
        ).toContain("resource aws_s3_object.o: values is a list, not an object");
        expect(await refused({ format_version: "1.0", values: { root_module: { child_modules: marker } } })).toContain(
            "values.root_module.child_modules is a string, not a list",
        );
    });

    it("attributes_flat of Terraform 0.11, which needs the provider's schema", async () => {
        const doc = rawState([
            { mode: "managed", type: "aws_s3_object", name: "o", provider: AWS, instances: [{ attributes_flat: { bucket: "b" } }] },
        ]);
        expect(await refused(doc)).toContain("holds attributes_flat");
    });

    it("values, masks, paths and modules nested deeper than DEPTH_LIMIT", async () => {
        let deep: unknown = "x";
        for (let i = 0; i <= DEPTH_LIMIT; i++) deep = { a: deep };
        const base = { mode: "managed", type: "aws_s3_object", name: "o", provider: AWS };
        expect(await refused(rawState([{ ...base, instances: [{ attributes: { bucket: "b", metadata: deep } }] }]))).toContain(
            `resource aws_s3_object.o: values nest deeper than ${DEPTH_LIMIT} levels`,
        );
        const longPath = Array.from({ length: DEPTH_LIMIT + 1 }, () => ({ type: "get_attr", value: "a" }));
        expect(
            await refused(rawState([{ ...base, instances: [{ attributes: { bucket: "b" }, sensitive_attributes: [longPath] }] }])),
        ).toContain(`sensitive_attributes[0] has more than ${DEPTH_LIMIT} steps`);
        let module: Json = { resources: [] };
        for (let i = 0; i <= DEPTH_LIMIT + 1; i++) module = { address: "module.m", child_modules: [module] };
        expect(await refused({ format_version: "1.0", values: { root_module: module } })).toContain(
            `modules nest deeper than ${DEPTH_LIMIT} levels`,
        );
    });

    it("checkStateDocument throws InputError (not a crash) for each", () => {
        expect(() => checkStateDocument({ version: 4, resources: [null] }, "file", "f", "f", CONFIG)).toThrow(
            "f: resources[0] is null, not a resource object",
        );
    });
});
