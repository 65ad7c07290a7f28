// How obs-sse-check reads Terraform plan content, through checkPlan in-process: arguments that
// plan JSON records only by their references, sensitive values (handed to the policies as Sensitive),
// names printed raw, hostile keys and nesting, and an unknowable endpoint said once per provider.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Sensitive } from "../../policies/values";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../cli/config";
import { renderJson, renderSarif, renderText, type InputReport } from "../../cli/output";
import * as check from "../../cli/terraform/check";
import { DEPTH_LIMIT } from "../../cli/terraform/expressions";
import { InputError, type Expression, type Plan } from "../../cli/terraform/plan";
import { readPlan } from "../../cli/terraform/resources";
import type { PackPolicy } from "../../policies/policy";
import { policies } from "../../policies/registry";
import { checkResources } from "../../policies/run";
import { assertValidJsonReport } from "../support/reportSchema";
import { UNKNOWN_VALUE } from "../../policies/values";
import { at, field } from "../support/items";

const EXAMPLES = path.resolve(__dirname, "../../examples/terraform");
const DIR = mkdtempSync(path.join(tmpdir(), "obs-sse-tfcheck-"));
const CONFIG = loadConfig(undefined);

type Doc = { -readonly [K in keyof Plan]: Plan[K] };
const example = (name: string): Doc => JSON.parse(readFileSync(path.join(EXAMPLES, name, "plan.json"), "utf8")) as Doc;
let files = 0;
function write(plan: unknown, text?: string): string {
    const f = path.join(DIR, `plan-${files++}.json`);
    writeFileSync(f, text ?? JSON.stringify(plan));
    return f;
}
async function findingsOf(plan: unknown, config = CONFIG) {
    return (await check.checkPlan(write(plan), config)).report.findings;
}
const summary = (fs: ReadonlyArray<{ enforcementLevel: string; policy: string; resource: string }>) =>
    fs.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resource}`).sort();

describe("provider arguments plan JSON records only by their references", () => {
    it("templated-endpoints: a templated auth_url is unknown (advisory once on the provider, no mandatory); a host template is unknown, not a scheme-less host; a variable holding an http:// URL gives its scheme (mandatory), one holding https:// passes", async () => {
        const findings = await findingsOf(example("templated-endpoints"));
        expect(summary(findings)).toEqual([
            "advisory obs-https-hardening aws_s3_object.via_http_var",
            'advisory obs-sse-transfer-protocol provider["registry.terraform.io/hashicorp/aws"].host_template',
            'advisory obs-sse-transfer-protocol provider["registry.terraform.io/opentelekomcloud/opentelekomcloud"]',
            "mandatory obs-sse-transfer-protocol aws_s3_object.via_http_var",
        ]);
        const otc = findings.find((f) => f.resource.includes("opentelekomcloud"))!;
        expect(otc.message).toContain("auth_url is built from var.region");
        expect(otc.message).toContain("only by the references it makes");
        expect(otc.message).toContain("opentelekomcloud_obs_bucket_object.report");
        expect(otc.message).not.toMatch(/no scheme/);
        const host = findings.find((f) => f.resource.endsWith(".host_template"))!;
        expect(host.message).toContain("endpoints[0].s3 is built from var.obs_host");
        expect(host.message).toContain('{"obs-sse-check": {"providerEndpoints": {"aws.host_template": "https://..."}}}');
        expect(host.message).toContain("--source");
        // Not read as a host without a scheme, whose requests would not reach OBS.
        expect(findings.map((f) => f.message).join("\n")).not.toMatch(/not expected to reach OBS|has no scheme/);
        const http = findings.find((f) => f.enforcementLevel === "mandatory")!;
        expect(http.message).toContain("the scheme and host were taken from var.obs_http");
        expect(http.message).toContain("http://obs.eu-de.otc.t-systems.com");
    });

    it("takes only the scheme and host from a variable's URL, never the path the template may extend, in root and module variables", () => {
        const p = example("endpoint-variable");
        p.variables = {
            obs_endpoint: { value: "https://obs.eu-de.otc.t-systems.com:8443/tenant/x" },
            legacy_endpoint: { value: "http://obs.eu-de.otc.t-systems.com/legacy" },
        };
        const reading = readPlan(p);
        const root = reading.resources.find((r) => r.urn === "aws_s3_object.report")!.provider!;
        expect(root.props.endpoints).toEqual([{ s3: "https://obs.eu-de.otc.t-systems.com:8443" }]);
        expect(root.notes.get("endpoints")).toContain("var.obs_endpoint");
        const legacy = reading.resources.find((r) => r.urn === "module.legacy.aws_s3_object.old")!.provider!;
        expect(legacy.props.endpoints).toEqual([{ s3: "http://obs.eu-de.otc.t-systems.com" }]);
        expect(legacy.notes.get("endpoints")).toContain("var.endpoint of module.legacy");
    });

    it("leaves unknown a variable that is not an absolute URL, a list element, and anything beside the variable", () => {
        const p = example("endpoint-variable");
        const ep = (refs: string[]) => ({
            ...p,
            configuration: {
                ...p.configuration,
                provider_config: {
                    ...p.configuration!.provider_config,
                    "aws.obs": {
                        ...field(p.configuration!.provider_config!, "aws.obs"),
                        expressions: { endpoints: [{ s3: { references: refs } }] },
                    },
                },
            },
        });
        for (const [value, refs] of [
            ["obs.eu-de.otc.t-systems.com", ["var.obs_endpoint"]],
            ["ftp://obs.example", ["var.obs_endpoint"]],
            ["https://obs.eu-de.otc.t-systems.com", ["var.obs_endpoint", "local.suffix"]],
            ["https://obs.eu-de.otc.t-systems.com", ["var.obs_endpoint[0]", "var.obs_endpoint"]],
        ] as const) {
            const provider = readPlan({ ...ep([...refs]), variables: { ...p.variables, obs_endpoint: { value } } }).resources.find(
                (r) => r.urn === "aws_s3_object.report",
            )!.provider!;
            expect(provider.props.endpoints, `${value} ${refs.join()}`).toBe(UNKNOWN_VALUE);
            expect(provider.unresolved.get("endpoints[0].s3")).toMatch(/^built from var\.obs_endpoint/);
        }
    });

    it("says an unknowable endpoint once per provider, listing its resources, instead of once per resource", async () => {
        const p = example("local-endpoint");
        const doc = p.resource_changes![0];
        const copy = { ...doc, address: "aws_s3_object.doc2", name: "doc2" };
        const cfg = p.configuration!.root_module!.resources!.find((r) => r.name === "doc")!;
        const twice = {
            ...p,
            resource_changes: [...p.resource_changes!, copy],
            configuration: {
                ...p.configuration,
                root_module: {
                    ...p.configuration!.root_module,
                    resources: [...p.configuration!.root_module!.resources!, { ...cfg, address: "aws_s3_object.doc2", name: "doc2" }],
                },
            },
        };
        const findings = await findingsOf(twice);
        expect(summary(findings)).toEqual(['advisory obs-sse-transfer-protocol provider["registry.terraform.io/hashicorp/aws"].obs']);
        expect(at(findings, 0).message).toContain("2 resources use it (aws_s3_object.doc, aws_s3_object.doc2)");
        expect(at(findings, 0).message).toContain("endpoints[0].s3 is built from local.obs_endpoint");
        // Disabled with its policy, like any finding of it.
        expect(
            await findingsOf(twice, {
                ...CONFIG,
                policies: { ...CONFIG.policies, "obs-sse-transfer-protocol": { enforcementLevel: "disabled", properties: {} } },
            }),
        ).toEqual([]);
    });
});

describe("an insecure the plan cannot show", () => {
    it("is one advisory on the provider when encrypted objects go over https through it; a constant is read as before", async () => {
        const p = example("aliased-providers");
        const obs = field(p.configuration!.provider_config!, "aws.obs");
        const withInsecure = (insecure: Expression): Doc => ({
            ...p,
            variables: { insecure: { value: true } },
            configuration: {
                ...p.configuration,
                provider_config: {
                    ...p.configuration!.provider_config,
                    "aws.obs": { ...obs, expressions: { ...obs.expressions, insecure } },
                },
            },
        });
        const findings = await findingsOf(withInsecure({ references: ["var.insecure"] }));
        const hardening = findings.filter(
            (f) => f.policy === "obs-https-hardening" && f.resource === 'provider["registry.terraform.io/hashicorp/aws"].obs',
        );
        expect(hardening).toHaveLength(1);
        expect(at(hardening, 0).enforcementLevel).toBe("advisory");
        expect(at(hardening, 0).message).toContain("insecure is built from var.insecure");
        expect(at(hardening, 0).message).toContain("aws_s3_object.kms_over_https");
        const constant = await findingsOf(withInsecure({ constant_value: true }));
        expect(summary(constant)).toContain("advisory obs-https-hardening aws_s3_object.kms_over_https");
        expect(constant.some((f) => f.resource.endsWith("].obs") && f.policy === "obs-https-hardening")).toBe(false);
    });
});

describe("sensitive values are handed to the policies as the core's Sensitive", () => {
    const sensitiveEndpoint = "http://USER:PW@obs.eu-de.otc.t-systems.com/tenant-SECRETPATH";
    /** endpoint-variable with its root variable obs_endpoint declared sensitive and set to a URL with credentials and a path. */
    function leakyPlan(): Doc {
        const p = example("endpoint-variable");
        p.variables = { ...p.variables, obs_endpoint: { value: sensitiveEndpoint } };
        // Only the resource whose provider reads the sensitive variable (module.legacy's uses the same host in the clear).
        p.resource_changes = p.resource_changes!.filter((rc) => rc.address === "aws_s3_object.report");
        const root = p.configuration!.root_module!;
        (root.variables as Record<string, unknown>).obs_endpoint = { default: "http://obs.eu-de.otc.t-systems.com", sensitive: true };
        return p;
    }

    it("a root variable declared sensitive", () => {
        const provider = readPlan(leakyPlan()).resources.find((r) => r.urn === "aws_s3_object.report")!.provider!;
        const s3 = at(provider.props.endpoints as Array<{ s3: unknown }>, 0).s3;
        expect(s3).toBeInstanceOf(Sensitive);
        // Scheme and host only: user info and path never enter.
        expect((s3 as Sensitive).value).toBe("http://obs.eu-de.otc.t-systems.com");
    });

    it("a module variable declared sensitive, and a sensitive value passed into a module", () => {
        const p = example("endpoint-variable");
        const legacy = p.configuration!.root_module!.module_calls!.legacy!.module!;
        (legacy.variables as Record<string, unknown>).endpoint = { sensitive: true };
        const provider = readPlan(p).resources.find((r) => r.urn === "module.legacy.aws_s3_object.old")!.provider!;
        expect(at(provider.props.endpoints as Array<{ s3: unknown }>, 0).s3).toBeInstanceOf(Sensitive);
        const q = example("endpoint-variable");
        (q.configuration!.root_module!.variables as Record<string, unknown>).legacy_endpoint = { sensitive: true };
        const passed = readPlan(q).resources.find((r) => r.urn === "module.legacy.aws_s3_object.old")!.provider!;
        expect(at(passed.props.endpoints as Array<{ s3: unknown }>, 0).s3).toBeInstanceOf(Sensitive);
        // Not sensitive: plain.
        expect(at(at(readPlan(example("endpoint-variable")).resources, 1).provider!.props.endpoints as Array<{ s3: unknown }>, 0).s3).toBe(
            "http://obs.eu-de.otc.t-systems.com",
        );
    });

    it("the plain checks get the Sensitive wrapper intact, with no SDK proxy around the props", () => {
        const reading = readPlan(example("sensitive-customer-key"));
        const copy = reading.resources.find((r) => r.urn === "aws_s3_object_copy.ssec")!;
        const seen: unknown[] = [];
        const spy = {
            name: "spy",
            description: "spy",
            enforcementLevel: "advisory",
            severity: "low",
            tags: [],
            remediationSteps: "",
            url: "",
            configSchema: { properties: {} },
            reads: { kind: "resources" },
            validateResource: () => undefined,
            check: (resource: { props: unknown }) => {
                seen.push(resource.props);
                return { findings: [] };
            },
        } satisfies PackPolicy;
        checkResources([spy], [{ type: copy.type, urn: copy.urn, name: copy.name, props: copy.inputs }], {});
        expect(seen).toHaveLength(1);
        expect(seen[0]).toBe(copy.inputs);
        expect((seen[0] as Record<string, unknown>).customerKey).toBeInstanceOf(Sensitive);
    });

    it("wording is chosen, not rewritten: no regex over messages in check.ts, and no terraformWording", async () => {
        const source = readFileSync(path.resolve(__dirname, "../../cli/terraform/check.ts"), "utf8");
        expect(source).not.toMatch(/message\.replace|LABEL|terraformWording/);
        expect(Object.keys(await import("../../cli/terraform/mapping.js"))).not.toContain("terraformWording");
    });

    it("redaction does not search rendered text: check.ts has no exact-string blanking any more", () => {
        expect(Object.keys(check).sort()).toEqual(["checkPlan", "checkPlanDocument", "checkReading", "readPlanInput"]);
        expect(readFileSync(path.resolve(__dirname, "../../cli/terraform/check.ts"), "utf8")).not.toMatch(
            /secretsOf|scrub|\(sensitive value\)/,
        );
    });

    async function rendered(): Promise<{ report: InputReport; outputs: string[] }> {
        const { report } = await check.checkPlan(write(leakyPlan()), CONFIG);
        const outputs = [renderText([report]), renderJson([report]), renderSarif([report], policies, () => "mandatory")];
        assertValidJsonReport(at(outputs, 1));
        return { report, outputs };
    }

    it("a sensitive endpoint with credentials and a path: still mandatory, and no user info or path in text, JSON or SARIF", async () => {
        const { report, outputs } = await rendered();
        expect(
            report.findings.find((f) => f.resource === "aws_s3_object.report" && f.policy === "obs-sse-transfer-protocol")
                ?.enforcementLevel,
        ).toBe("mandatory");
        for (const out of outputs) {
            for (const secret of ["USER", "PW@", "SECRETPATH", "tenant-"]) expect(out).not.toContain(secret);
        }
    });

    // Needs the core's "(sensitive)" rendering of Secret endpoints (policies/, another branch):
    // fails on this branch alone, where the core still shows the host it unwraps.
    it("a sensitive endpoint's host appears in no output format either", async () => {
        const { outputs } = await rendered();
        for (const out of outputs) expect(out).not.toContain("obs.eu-de.otc.t-systems.com");
    });
});

describe("names from the plan are printed escaped", () => {
    it("addresses, for_each keys, module addresses, provider keys and terraform_version", async () => {
        const p = example("count-for-each");
        const esc = "\u001b]8;;x\u0007\u001b[31m";
        p.terraform_version = `1.13${esc}\nfake line`;
        p.resource_changes = p.resource_changes!.map((rc) =>
            rc.address === 'aws_s3_object.by_name["alpha"]'
                ? { ...rc, address: `aws_s3_object.by_name["al${esc}\r\npha"]`, index: `al${esc}\r\npha` }
                : rc,
        );
        const { report } = await check.checkPlan(write(p), CONFIG);
        const text = renderText([report]);
        expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
        // Read across the lines the text report wraps at 100 columns.
        expect(text.replace(/\n +/g, " ")).toContain("1.13\\u001b]8;;x\\u0007\\u001b[31m\\nfake line");
        expect(text).toContain('aws_s3_object.by_name["al\\u001b]8;;x\\u0007\\u001b[31m\\r\\npha"]');

        const m = example("module-provider");
        const key = `aws.obs${esc}`;
        const configs = m.configuration!.provider_config!;
        m.configuration = {
            ...m.configuration,
            provider_config: Object.fromEntries(Object.entries(configs).map(([k, v]) => [k === "aws.obs" ? key : k, v])),
        };
        const rewrite = (mod: Record<string, unknown>): void => {
            for (const r of (mod.resources ?? []) as Array<Record<string, unknown>>)
                if (r.provider_config_key === "aws.obs") r.provider_config_key = key;
            for (const c of Object.values((mod.module_calls ?? {}) as Record<string, { module?: Record<string, unknown> }>))
                if (c.module) rewrite(c.module);
        };
        rewrite(m.configuration.root_module as Record<string, unknown>);
        m.resource_changes = m.resource_changes!.map((rc) => ({
            ...rc,
            address: rc.address.replace("module.store.", `module.store${esc}.`),
        }));
        const reading = readPlan(m);
        expect(reading.providers.map((x) => x.name)).toContain("aws.obs\\u001b]8;;x\\u0007\\u001b[31m");
        for (const r of reading.resources) expect(r.urn).not.toMatch(/\u001b/);
        const moduleText = renderText([(await check.checkPlan(write(m), CONFIG)).report]);
        expect(moduleText).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
        expect(moduleText).toContain("module.store\\u001b");
    });
});

describe("hostile keys and nesting", () => {
    it("a provider full_name ending in /constructor, and __proto__/constructor keys everywhere, are read as names", async () => {
        const p = example("aliased-providers");
        const configs = p.configuration!.provider_config!;
        // An object literal's __proto__ is no key: the plan is written with a stand-in key, renamed in the text.
        const text = JSON.stringify({
            ...p,
            variables: { ...p.variables, constructor: { value: "x" }, PROTO: { value: "y" } },
            configuration: {
                ...p.configuration,
                provider_config: {
                    ...configs,
                    weird: { name: "constructor", full_name: "registry.terraform.io/hashicorp/constructor" },
                    PROTO: {
                        name: "aws",
                        full_name: "registry.terraform.io/hashicorp/aws",
                        expressions: { endpoints: [{ s3: { references: ["var.constructor"] } }] },
                    },
                },
                root_module: {
                    ...p.configuration!.root_module,
                    module_calls: { constructor: { module: { variables: { PROTO: { sensitive: true } } } } },
                },
            },
            resource_changes: [
                ...p.resource_changes!.map((rc) => ({
                    ...rc,
                    change: { ...rc.change, after: { ...(rc.change.after as object), constructor: "c", PROTO: { a: 1 } } },
                })),
                { ...p.resource_changes![1], address: 'aws_s3_object.x["PROTO"]', index: "PROTO", type: "constructor" },
                {
                    ...p.resource_changes![1],
                    address: "module.constructor.aws_s3_object.y",
                    module_address: "module.constructor",
                    name: "y",
                },
            ],
        }).replaceAll("PROTO", "__proto__");
        expect(text).toContain('"__proto__":{"name":"aws"');
        const { report } = await check.checkPlan(write(undefined, text), CONFIG);
        expect(report.findings.some((f) => f.message.includes("internal error"))).toBe(false);
        expect(summary(report.findings)).toContain("mandatory obs-sse-transfer-protocol aws_s3_object.kms_over_http");
        expect(({} as Record<string, unknown>).a).toBeUndefined();
    });

    const nested = (depth: number): unknown => {
        let v: unknown = "leaf";
        for (let i = 0; i < depth; i++) v = { n: v };
        return v;
    };
    /** The plan's JSON text with `"DEEP"` replaced by a value nested `depth` levels (too deep for JSON.stringify). */
    const withDeep = (plan: unknown, depth: number): string =>
        JSON.stringify(plan).replace('"DEEP"', `${'{"n":'.repeat(depth)}"leaf"${"}".repeat(depth)}`);

    it(`refuses after-values nested 5,000 levels deep with an input error naming the resource and the limit (${DEPTH_LIMIT})`, async () => {
        const p = example("aliased-providers");
        p.resource_changes = p.resource_changes!.map((rc, i) =>
            i === 1 ? { ...rc, change: { ...rc.change, after: { ...(rc.change.after as object), metadata: "DEEP" } } } : rc,
        );
        const error = await check.checkPlan(write(undefined, withDeep(p, 5000)), CONFIG).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InputError);
        expect((error as Error).message).toMatch(
            /plan-\d+\.json: resource aws_s3_object\.kms_over_http: change\.after nests deeper than 100 levels/,
        );
    });

    it("refuses a variable nested 5,000 levels deep that a provider reads, naming the variable", async () => {
        const p = example("endpoint-variable");
        p.variables = { ...p.variables, obs_endpoint: { value: "DEEP" } };
        const error = await check.checkPlan(write(undefined, withDeep(p, 5000)), CONFIG).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InputError);
        expect((error as Error).message).toContain("variable var.obs_endpoint nests deeper than 100 levels");
    });

    it("reads values nested within the limit", () => {
        const p = example("aliased-providers");
        p.resource_changes = p.resource_changes!.map((rc, i) =>
            i === 1
                ? { ...rc, change: { ...rc.change, after: { ...(rc.change.after as object), metadata: nested(DEPTH_LIMIT - 2) } } }
                : rc,
        );
        expect(readPlan(p).resources).toHaveLength(3);
    });
});
