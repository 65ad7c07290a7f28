// Reading Terraform plan JSON into the readers' inputs: unknowns, sensitive values, providers
// linked through aliases and modules, variables, and the one mapping table.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, moduleNamesOf, resolveVariable, scopeAt, Unresolved } from "../../cli/terraform/expressions";
import { RESOURCE_MAPPINGS, terraformTerms } from "../../cli/terraform/mapping";
import { PULUMI_TERMS } from "../../policies/terms";
import { InputError, loadPlan, type Plan } from "../../cli/terraform/plan";
import { Sensitive } from "../../policies/values";
import { readPlan } from "../../cli/terraform/resources";
import { readResource, roleOf } from "../../policies/resources";
import { isUnknown } from "../../policies/values";
import { UNKNOWN_VALUE } from "../../policies/values";
import { at, field } from "../support/items";

const EXAMPLES = path.resolve(__dirname, "../../examples/terraform");
const plan = (name: string): Plan => loadPlan(path.join(EXAMPLES, name, "plan.json")).plan;
const byAddress = (name: string, overrides?: ReadonlyMap<string, string>) =>
    new Map(readPlan(plan(name), overrides).resources.map((r) => [r.urn, r]));

describe("loading a plan", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-plan-"));
    const file = (name: string, text: string) => {
        const f = path.join(dir, name);
        writeFileSync(f, text);
        return f;
    };
    const failure = (f: string) => {
        try {
            loadPlan(f);
        } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            return (e as Error).message;
        }
        throw new Error("expected an InputError");
    };

    it("refuses text that is not JSON, naming the file and never quoting it", () => {
        const f = file("garbage.json", "SECRET-MARKER-in-garbage {not json");
        const m = failure(f);
        expect(m).toContain(f);
        expect(m).toContain("not JSON");
        expect(m).not.toContain("SECRET-MARKER");
    });
    it("refuses JSON that is not a plan", () => {
        expect(failure(file("array.json", "[1,2]"))).toContain("not a Terraform plan");
        expect(failure(file("noversion.json", '{"resource_changes": []}'))).toContain("no format_version");
        expect(failure(file("state.json", '{"format_version": "1.0", "values": {}}'))).toContain("not a plan");
        expect(failure(file("badchanges.json", '{"format_version": "1.2", "resource_changes": [{"address": "x"}]}'))).toContain(
            "resource_changes",
        );
    });
    it("refuses a format_version major other than 1", () => {
        expect(failure(file("v2.json", '{"format_version": "2.0", "resource_changes": []}'))).toContain("major version 2");
    });
    it("refuses a missing file and a directory", () => {
        expect(failure(path.join(dir, "missing.json"))).toContain("no such file");
        expect(failure(dir)).toContain("is a directory");
    });
    it("accepts 1.x and warns about incomplete plans", () => {
        const f = file("partial.json", '{"format_version": "1.9", "resource_changes": [], "complete": false}');
        expect(loadPlan(f).warnings.join()).toContain("incomplete");
    });
});

describe("resources", () => {
    it("maps each Terraform type onto a token the readers know, with a stack role", () => {
        for (const [tf, m] of Object.entries(RESOURCE_MAPPINGS)) {
            expect(roleOf(m.token), tf).toBeDefined();
        }
    });

    it("skips deletes and judges no-op instances", () => {
        const r = readPlan(plan("delete"));
        expect(r.resources.map((x) => x.urn)).toEqual(["aws_s3_object.kept"]);
        expect(r.skipped).toBe(1);
    });

    it("names count and for_each instances by their addresses", () => {
        expect([...byAddress("count-for-each").keys()]).toEqual([
            "aws_s3_object.many[0]",
            "aws_s3_object.many[1]",
            'aws_s3_object.by_name["alpha"]',
            'aws_s3_object.by_name["beta"]',
        ]);
    });

    it("turns after_unknown into the core's UNKNOWN_VALUE mark (no engine sentinel): inputs only where the configuration sets the attribute", () => {
        const report = byAddress("unknown-kms-key").get("aws_s3_object.report")!;
        // kms_key_id = aws_kms_key.objects.arn: set by the configuration, unknown at plan time.
        expect(report.inputs.kmsKeyId).toBe(UNKNOWN_VALUE);
        // server_side_encryption is computed by the provider: absent from inputs, unknown in outputs.
        expect("serverSideEncryption" in report.inputs).toBe(false);
        expect(isUnknown(report.outputs.serverSideEncryption)).toBe(true);
        // Read as a preview reads a computed key id: SSE-KMS.
        expect(readResource(report.type, report.inputs)?.encryption?.values).toEqual(["SSE-KMS"]);
    });

    it("wraps values marked in after_sensitive in Sensitive, keeping that they are set", () => {
        const copy = byAddress("sensitive-customer-key").get("aws_s3_object_copy.ssec")!;
        expect(copy.inputs.customerKey).toBeInstanceOf(Sensitive);
        expect((copy.inputs.customerKey as Sensitive).value).toBe("UExBTlRFRC1zc2VjLWtleS0wMDAwMDAwMDAwMDAwMDA=");
        expect(copy.outputs.customerKey).toBe(copy.inputs.customerKey);
        expect(readResource(copy.type, copy.inputs)?.keyFields).toEqual(["customerKey"]);
    });

    it("wraps a whole sensitive block, and keeps plain what is not marked", () => {
        const p = plan("real-aws-unencrypted");
        const hide = (rc: NonNullable<Plan["resource_changes"]>[number]) => ({
            ...rc,
            change: { ...rc.change, after_sensitive: { bucket: true, tags: true } },
        });
        const reading = readPlan({ ...p, resource_changes: p.resource_changes!.map(hide) });
        const bucket = at(reading.resources, 0);
        const object = at(reading.resources, 1);
        expect(bucket.outputs.bucket).toBeInstanceOf(Sensitive);
        expect((object.outputs.bucket as Sensitive).value).toBe((bucket.outputs.bucket as Sensitive).value);
        expect(object.outputs.key).not.toBeInstanceOf(Sensitive);
    });

    it("reshapes block lists the Pulumi SDK takes as single objects, and renames where names differ", () => {
        const sse = byAddress("module-provider").get("module.store.aws_s3_bucket_server_side_encryption_configuration.this")!;
        expect(sse.outputs.rules).toEqual([
            { applyServerSideEncryptionByDefault: { kmsMasterKeyId: expect.any(String), sseAlgorithm: "aws:kms" } },
        ]);
        expect(readResource(sse.type, sse.outputs, "outputs")?.algorithms.map((a) => a.value)).toEqual(["aws:kms"]);
        const bucket = byAddress("otc-native").get("opentelekomcloud_obs_bucket.data")!;
        expect(bucket.inputs.serverSideEncryption).toEqual({ algorithm: "kms", kmsKeyId: "4f1cd4de-ab64-4807-920a-47fc42e7f0d0" });
    });

    it("links bucket and source references for the stack view, also when the bucket name is unknown", () => {
        const doc = byAddress("module-provider").get("module.store.aws_s3_object.doc")!;
        expect(isUnknown(doc.outputs.bucket)).toBe(true);
        expect(doc.propertyDependencies.bucket).toEqual(["module.store.aws_s3_bucket.this"]);
    });

    it("Terraform's terms: input paths in the resource's attribute names, addresses, Terraform types, plan time", () => {
        const copy = byAddress("sensitive-customer-key").get("aws_s3_object_copy.ssec")!;
        const terms = terraformTerms(() => copy.names());
        expect(terms.input("customerKey")).toBe("customer_key");
        expect(terms.input("sourceCustomerKey")).toBe("source_customer_key");
        expect(terms.subject(copy)).toBe("aws_s3_object_copy.ssec");
        expect(terms.resourceType("opentelekomcloud:index/s3BucketObject:S3BucketObject")).toBe("opentelekomcloud_s3_bucket_object");
        expect(terms.unknownPhase).toBe("at plan time");
        expect(PULUMI_TERMS.input("customerKey")).toBe("customerKey");
        expect(PULUMI_TERMS.subject(copy)).toBe(`${copy.type} "aws_s3_object_copy.ssec"`);
    });
});

describe("providers", () => {
    it("links aliases, and the default configuration", () => {
        const r = byAddress("aliased-providers");
        expect(r.get("aws_s3_object.kms_over_http")!.provider).toMatchObject({
            name: "aws.obs_http",
            urn: 'provider["registry.terraform.io/hashicorp/aws"].obs_http',
            props: { endpoints: [{ s3: "http://obs.eu-de.otc.t-systems.com" }], s3UsePathStyle: true },
        });
        expect(r.get("aws_s3_object.kms_over_https")!.provider?.props.endpoints).toEqual([{ s3: "https://obs.eu-de.otc.t-systems.com" }]);
        expect(r.get("aws_s3_object.on_aws")!.provider?.props.endpoints).toBeUndefined();
    });

    it("links resources of a module given the provider by providers = {...}, and of a module inheriting it", () => {
        const r = byAddress("module-provider");
        expect(r.get("module.store.aws_s3_object.doc")!.provider?.name).toBe("aws.obs");
        expect(r.get("module.store.module.nested.aws_s3_object.note")!.provider?.name).toBe("aws.obs");
    });

    it("resolves var.x from the plan's variables (a tfvars value over the default) and through module calls", () => {
        const r = byAddress("endpoint-variable");
        expect(r.get("aws_s3_object.report")!.provider?.props.endpoints).toEqual([{ s3: "https://obs.eu-de.otc.t-systems.com" }]);
        const legacy = r.get("module.legacy.aws_s3_object.old")!.provider!;
        expect(legacy.name).toBe("module.legacy:aws");
        expect(legacy.urn).toBe('module.legacy.provider["registry.terraform.io/hashicorp/aws"]');
        expect(legacy.props.endpoints).toEqual([{ s3: "http://obs.eu-de.otc.t-systems.com" }]);
    });

    it("leaves a local unresolved, as an unknown that says why, and takes an explicit override", () => {
        const p = byAddress("local-endpoint").get("aws_s3_object.doc")!.provider!;
        expect(p.props.endpoints).toBe(UNKNOWN_VALUE);
        expect(p.unresolved.get("endpoints[0].s3")).toBe("built from local.obs_endpoint");
        const o = byAddress("local-endpoint", new Map([["aws.obs", "http://obs.eu-de.otc.t-systems.com"]])).get(
            "aws_s3_object.doc",
        )!.provider!;
        expect(o.props.endpoints).toEqual([{ s3: "http://obs.eu-de.otc.t-systems.com" }]);
        expect(o.unresolved.size).toBe(0);
    });

    it("refuses an override for a key the plan does not have, or for a provider without an endpoint argument", () => {
        expect(() => readPlan(plan("local-endpoint"), new Map([["aws.nope", "https://x.example"]]))).toThrow(/not a key/);
        expect(() => readPlan(plan("otc-native"), new Map([["opentelekomcloud", "https://x.example"]]))).toThrow(/no endpoint argument/);
    });

    it("reads only the arguments the readers need: credentials never enter", () => {
        const reading = readPlan(plan("sensitive-customer-key"));
        expect(Object.keys(reading.providers.find((p) => p.name === "aws.obs")!.props).sort()).toEqual(["endpoints"]);
        const otc = at(readPlan(plan("otc-native")).providers, 0);
        expect(Object.keys(otc.props).sort()).toEqual(["authUrl", "region", "tenantName"]);
    });

    it("maps legacy and alias argument names through the same table (s3_force_path_style, endpoints.s3api)", () => {
        const p = plan("aliased-providers");
        const obs = field(p.configuration!.provider_config!, "aws.obs_http");
        const legacy = {
            ...obs,
            expressions: {
                endpoints: [{ s3api: { constant_value: "http://obs.eu-de.otc.t-systems.com" } }],
                s3_force_path_style: { constant_value: true },
            },
        };
        const reading = readPlan({
            ...p,
            configuration: { ...p.configuration, provider_config: { ...p.configuration!.provider_config, "aws.obs_http": legacy } },
        });
        const provider = reading.providers.find((x) => x.name === "aws.obs_http")!;
        expect(provider.props).toEqual({ endpoints: [{ s3api: "http://obs.eu-de.otc.t-systems.com" }], s3UsePathStyle: true });
        expect(provider.names.get("s3UsePathStyle")).toBe("s3_force_path_style");
    });

    it("leaves a whole endpoints map from a variable unknown (huaweicloud): merge(var.obs, {...}) reads the same", () => {
        const p = plan("huawei-native");
        const hw = field(p.configuration!.provider_config!, "huaweicloud");
        const viaVar: Plan = {
            ...p,
            variables: { obs: { value: { obs: "https://obs.ap-southeast-1.myhuaweicloud.com" } } },
            configuration: {
                ...p.configuration,
                provider_config: { huaweicloud: { ...hw, expressions: { endpoints: { references: ["var.obs"] } } } },
            },
        };
        const provider = at(readPlan(viaVar).providers, 0);
        expect(provider.props.endpoints).toBe(UNKNOWN_VALUE);
        expect(provider.unresolved.get("endpoints")).toBe("built from var.obs");
    });

    it("maps huaweicloud's endpoints map attribute", () => {
        expect(at(readPlan(plan("huawei-native")).providers, 0).props.endpoints).toEqual({
            obs: "http://obs.ap-southeast-1.myhuaweicloud.com",
        });
    });

    it("falls back from a module key to its parent's, then to the implicit default", () => {
        const p = plan("aliased-providers");
        const moved = {
            ...p,
            resource_changes: p.resource_changes!.map((rc) =>
                rc.address === "aws_s3_object.kms_over_http"
                    ? { ...rc, address: "module.m.aws_s3_object.kms_over_http", module_address: "module.m" }
                    : rc,
            ),
        };
        const root = moved.configuration!.root_module!;
        const cfg = {
            ...moved,
            configuration: {
                ...moved.configuration,
                root_module: {
                    ...root,
                    module_calls: {
                        m: { module: { resources: [{ ...root.resources![1], provider_config_key: "module.m:aws.obs_http" }] } },
                    },
                },
            },
        } as Plan;
        const r = readPlan(cfg).resources.find((x) => x.urn === "module.m.aws_s3_object.kms_over_http")!;
        expect(r.provider?.name).toBe("aws.obs_http");
    });
});

describe("expressions", () => {
    const p: Plan = {
        format_version: "1.2",
        variables: { outer: { value: { s3: "https://a.example" } } },
        configuration: {
            root_module: {
                module_calls: {
                    child: {
                        expressions: { inner: { references: ["var.outer.s3", "var.outer"] } },
                        module: { variables: { fallback: { default: "d" } } },
                    },
                },
            },
        },
    };
    it("follows attribute chains of variables and module calls, and defaults", () => {
        const child = scopeAt(p, ["child"])!;
        expect(resolveVariable(p, child, "inner")).toBe("https://a.example");
        expect(resolveVariable(p, child, "fallback")).toBe("d");
        expect(evaluate(p, { constant_value: false }, child)).toBe(false);
    });
    it("says what it cannot resolve", () => {
        const root = scopeAt(p, [])!;
        expect(evaluate(p, {}, root)).toBeInstanceOf(Unresolved);
        expect((evaluate(p, { references: ["data.x.y.z", "data.x.y"] }, root) as Unresolved).why).toBe("built from data.x.y");
        expect((evaluate(p, { references: ["var.a", "local.b"] }, root) as Unresolved).why).toBe("built from var.a, local.b");
    });
    it("parses module addresses with instance keys", () => {
        expect(moduleNamesOf('module.a["x.y"].module.b[2]')).toEqual(["a", "b"]);
    });
});
