import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CapturedProgram, captureProgram, goJsonMarshal, ProgramFailedError, readProject, readStackConfig } from "../engine/capture";
import { defaultProviderName, newUrn } from "../engine/capture-worker";
import { SECRET_SIG, SIG_KEY, UNKNOWN, type WireProps, type WireResource, type WireValue } from "../engine/wire";
import { capturedExample } from "./support/captureCache";
import { ScratchPrograms } from "./support/programs";
import { PROCESS_TIMEOUT_MS } from "./support/timeouts";

const examples = join(__dirname, "..", "examples");
const violationsDir = join(examples, "violations");

const awsVersion = (() => {
    const pkg: unknown = JSON.parse(readFileSync(require.resolve("@pulumi/aws/package.json"), "utf8"));
    if (typeof pkg !== "object" || pkg === null || !("version" in pkg) || typeof pkg.version !== "string") {
        throw new Error("cannot read the @pulumi/aws version");
    }
    return pkg.version;
})();
const defaultProviderShortName = `default_${awsVersion.replace(/\./g, "_")}`;

const STACK = "pulumi:pulumi:Stack";
const AWS_PROVIDER = "pulumi:providers:aws";
const BUCKET = "aws:s3/bucket:Bucket";
const SSE_CONFIG = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const OBJECT_V2 = "aws:s3/bucketObjectv2:BucketObjectv2";
const OBJECT_V1 = "aws:s3/bucketObject:BucketObject";
const OBJECT_COPY = "aws:s3/objectCopy:ObjectCopy";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const KMS_KEY = "aws:kms/key:Key";

function byName(program: CapturedProgram, name: string): WireResource {
    const matches = program.resources.filter((r) => r.name === name);
    expect(matches, `exactly one resource named ${name}`).toHaveLength(1);
    return matches[0]!;
}

function typeCounts(program: CapturedProgram): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of program.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
}

function secretOf(value: string): WireValue {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/** The string a property holds; fails the test otherwise. */
function str(props: WireProps, key: string): string {
    const v = props[key];
    if (typeof v !== "string") throw new Error(`${key} is not a string: ${JSON.stringify(v)}`);
    return v;
}

/**
 * Walks every string of the captured resources (URNs, names, properties, provider properties)
 * and reports where a secret occurs outside a secret wrapper, and which secrets were seen inside one.
 */
function scanSecrets(resources: WireResource[], secrets: string[]): { leaks: string[]; wrapped: Set<string> } {
    const leaks: string[] = [];
    const wrapped = new Set<string>();
    const visit = (value: WireValue | undefined, inSecret: boolean, where: string): void => {
        if (value === undefined || value === null || typeof value === "boolean" || typeof value === "number") return;
        if (typeof value === "string") {
            for (const s of secrets) {
                if (!value.includes(s)) continue;
                if (inSecret) wrapped.add(s);
                else leaks.push(`${where} contains ${s}`);
            }
            return;
        }
        if (Array.isArray(value)) {
            value.forEach((v, i) => visit(v, inSecret, `${where}[${i}]`));
            return;
        }
        const isSecret = value[SIG_KEY] === SECRET_SIG;
        for (const [k, v] of Object.entries(value)) visit(v, inSecret || isSecret, `${where}.${k}`);
    };
    for (const r of resources) {
        for (const s of [r.urn, r.name, r.type, r.parent ?? "", ...(r.dependencies ?? [])]) visit(s, false, r.urn);
        visit(r.properties, false, `${r.urn} properties`);
        if (r.provider) visit(r.provider.properties, false, `${r.urn} provider`);
    }
    return { leaks, wrapped };
}

/** Invariants of any capture: unique URNs, the stack first, everything referenced registered earlier. */
function expectWellFormed(program: CapturedProgram): void {
    const urns = program.resources.map((r) => r.urn);
    expect(new Set(urns).size).toBe(urns.length);
    expect(program.resources[0]!.type).toBe(STACK);
    expect(program.resources[0]!.urn).toBe(
        `urn:pulumi:${program.stack}::${program.project}::${STACK}::${program.project}-${program.stack}`,
    );
    program.resources.forEach((r, i) => {
        expect(r.urn).toBe(`urn:pulumi:${program.stack}::${program.project}::${r.type}::${r.name}`);
        const earlier = new Set(urns.slice(0, i));
        if (r.parent !== undefined) expect(earlier.has(r.parent), `${r.urn} parent`).toBe(true);
        if (r.provider !== undefined) expect(earlier.has(r.provider.urn), `${r.urn} provider`).toBe(true);
        for (const d of r.dependencies ?? []) expect(earlier.has(d), `${r.urn} dependency ${d}`).toBe(true);
        for (const deps of Object.values(r.propertyDependencies ?? {})) {
            expect(deps.length).toBeGreaterThan(0);
            for (const d of deps) expect(r.dependencies).toContain(d);
        }
        // Custom aws resources always carry a provider; providers and the stack never do.
        if (r.type.startsWith("aws:")) expect(r.provider?.type, `${r.urn} provider type`).toBe(AWS_PROVIDER);
        else expect(r.provider).toBeUndefined();
        // The attached provider is exactly the provider resource as registered.
        if (r.provider !== undefined) {
            const registered = program.resources.find((p) => p.urn === r.provider!.urn)!;
            expect(r.provider).toEqual({
                urn: registered.urn,
                type: registered.type,
                name: registered.name,
                properties: registered.properties,
            });
        }
    });
}

describe("captureProgram", { timeout: PROCESS_TIMEOUT_MS }, () => {
    let violations: CapturedProgram;
    let violationsUpdate: CapturedProgram;
    let compliant: CapturedProgram;

    beforeAll(async () => {
        [violations, violationsUpdate, compliant] = await Promise.all([
            capturedExample("violations"),
            capturedExample("violations", { preview: false }),
            capturedExample("compliant"),
        ]);
    }, PROCESS_TIMEOUT_MS);

    describe("violations example (preview)", () => {
        it("reports project, stack and the stack config as strings", () => {
            expect(violations.project).toBe("obs-sse-violations");
            expect(violations.stack).toBe("dev");
            expect(violations.config["aws:region"]).toBe("eu-de");
            expect(violations.config["aws:endpoints"]).toBe('[{"s3":"http://obs.eu-de.otc.t-systems.com"}]');
            expect(violations.config["aws:skipCredentialsValidation"]).toBe("true");
            expect(violations.config["obs-sse-violations:kmsKeyId"]).toBe(
                "arn:aws:kms:eu-de:0b6c8e2d4f1a4c3e9d7b5a1f2e3c4d5e:key/5b2e9f4a-7c1d-4e3b-8a6f-2d9c0b1e7f35",
            );
        });

        it("records every resource with the expected types", () => {
            expectWellFormed(violations);
            expect(violations.resources).toHaveLength(21);
            expect(typeCounts(violations)).toEqual({
                [STACK]: 1,
                [AWS_PROVIDER]: 4,
                [BUCKET]: 4,
                [SSE_CONFIG]: 2,
                [OBJECT_V2]: 5,
                [OBJECT_V1]: 1,
                [OBJECT_COPY]: 3,
                [KMS_KEY]: 1,
            });
            const stackUrn = violations.resources[0]!.urn;
            for (const r of violations.resources.slice(1)) {
                if (r.name === defaultProviderShortName) expect(r.parent).toBeUndefined();
                else expect(r.parent).toBe(stackUrn);
            }
        });

        it("builds the default provider from the aws: stack config, every input a string", () => {
            const dp = byName(violations, defaultProviderShortName);
            expect(dp.urn).toBe(`urn:pulumi:dev::obs-sse-violations::pulumi:providers:aws::${defaultProviderShortName}`);
            expect(dp.type).toBe(AWS_PROVIDER);
            expect(dp.parent).toBeUndefined();
            expect(dp.properties).toEqual({
                region: "eu-de",
                endpoints: '[{"s3":"http://obs.eu-de.otc.t-systems.com"}]',
                skipCredentialsValidation: "true",
                skipRequestingAccountId: "true",
                skipMetadataApiCheck: "true",
                skipRegionValidation: "true",
                s3UsePathStyle: "false",
                version: awsVersion,
            });
            for (const v of Object.values(dp.properties)) expect(typeof v).toBe("string");

            // Registered once, right before the first resource that uses it.
            const index = violations.resources.indexOf(dp);
            const users = violations.resources.filter((r) => r.provider?.urn === dp.urn);
            expect(users.map((r) => r.name).sort()).toEqual([
                "inherits-kms",
                "kms-copy-http",
                "kms-default",
                "kms-default-sse",
                "kms-over-http",
                "kms-stack-key",
                "named",
                "named-literal-object",
                "named-sse",
                "stack-key",
            ]);
            expect(violations.resources.indexOf(users[0]!)).toBe(index + 1);
            for (const u of users) expect(u.provider!.properties).toEqual(dp.properties);
        });

        it("keeps explicit provider inputs as the SDK serialized them (JSON strings, secrets)", () => {
            const http = byName(violations, "obs-http");
            expect(http.type).toBe(AWS_PROVIDER);
            expect(JSON.parse(str(http.properties, "endpoints"))).toEqual([{ s3: "http://obs.eu-de.otc.t-systems.com" }]);
            expect(http.properties["s3UsePathStyle"]).toBe("true");
            expect(http.properties["skipCredentialsValidation"]).toBe("true");
            expect(http.properties["insecure"]).toBeUndefined();
            expect(http.properties["region"]).toBe("eu-de");
            expect(http.properties["version"]).toBe(awsVersion);
            expect(http.properties["accessKey"]).toEqual(secretOf(violations.config["obs-sse-violations:obsAccessKey"]!));
            expect(http.properties["secretKey"]).toEqual(secretOf(violations.config["obs-sse-violations:obsSecretKey"]!));

            const insecure = byName(violations, "obs-insecure");
            expect(insecure.properties["insecure"]).toBe("true");
            expect(JSON.parse(str(insecure.properties, "endpoints"))).toEqual([{ s3: "https://obs.eu-de.otc.t-systems.com" }]);

            const frankfurt = byName(violations, "aws-frankfurt");
            expect(frankfurt.properties["region"]).toBe("eu-central-1");
            expect(frankfurt.properties["endpoints"]).toBeUndefined();

            const expectedProvider: Record<string, string> = {
                "http-bucket": "obs-http",
                "sse-s3-object": "obs-http",
                "ssec-copy-http": "obs-http",
                "ssec-copy-insecure": "obs-insecure",
                "aws-logs": "aws-frankfurt",
                "aws-kms-object": "aws-frankfurt",
            };
            for (const [name, provider] of Object.entries(expectedProvider)) {
                expect(byName(violations, name).provider?.name, name).toBe(provider);
            }
        });

        it("keeps secrets wrapped and never leaks their text", () => {
            const ssecKey = violations.config["obs-sse-violations:ssecKey"]!;
            const ssecSourceKey = violations.config["obs-sse-violations:ssecSourceKey"]!;
            const md5 = (k: string) => createHash("md5").update(Buffer.from(k, "base64")).digest("base64");

            const copy = byName(violations, "ssec-copy-http").properties;
            expect(copy["customerAlgorithm"]).toBe("AES256");
            expect(copy["customerKey"]).toEqual(secretOf(ssecKey));
            expect(copy["customerKeyMd5"]).toEqual(secretOf(md5(ssecKey)));
            expect(copy["sourceCustomerAlgorithm"]).toBe("AES256");
            expect(copy["sourceCustomerKey"]).toEqual(secretOf(ssecSourceKey));
            expect(copy["sourceCustomerKeyMd5"]).toEqual(secretOf(md5(ssecSourceKey)));
            expect(byName(violations, "ssec-copy-insecure").properties["customerKey"]).toEqual(secretOf(ssecKey));
            // @pulumi/aws marks ObjectCopy.kmsKeyId secret itself.
            expect(byName(violations, "kms-copy-http").properties["kmsKeyId"]).toEqual(
                secretOf("arn:aws:kms:eu-de:0b6c8e2d4f1a4c3e9d7b5a1f2e3c4d5e:key/5b2e9f4a-7c1d-4e3b-8a6f-2d9c0b1e7f35"),
            );

            const secrets = [
                violations.config["obs-sse-violations:obsAccessKey"]!,
                violations.config["obs-sse-violations:obsSecretKey"]!,
                ssecKey,
                ssecSourceKey,
            ];
            const { leaks, wrapped } = scanSecrets(violations.resources, secrets);
            expect(leaks).toEqual([]);
            expect([...wrapped].sort()).toEqual([...secrets].sort());
        });

        it("marks the kmsKeyId from the same-stack KMS key unknown during preview", () => {
            const key = byName(violations, "stack-key");
            const obj = byName(violations, "kms-stack-key");
            expect(obj.properties["kmsKeyId"]).toBe(UNKNOWN.string);
            expect(obj.properties["serverSideEncryption"]).toBe("aws:kms");
            expect(obj.propertyDependencies?.["kmsKeyId"]).toEqual([key.urn]);
            expect(obj.dependencies).toContain(key.urn);
            expect(violations.resources.indexOf(key)).toBeLessThan(violations.resources.indexOf(obj));
        });

        it("links objects to their bucket through propertyDependencies, except name literals", () => {
            const bucket = byName(violations, "kms-default");
            expect(bucket.properties).toEqual({ bucket: "obs-sse-violations-kms-default" });
            const sse = byName(violations, "kms-default-sse");
            expect(sse.propertyDependencies).toEqual({ bucket: [bucket.urn] });
            expect(sse.properties["rules"]).toEqual([
                {
                    applyServerSideEncryptionByDefault: {
                        kmsMasterKeyId: "arn:aws:kms:eu-de:0b6c8e2d4f1a4c3e9d7b5a1f2e3c4d5e:key/5b2e9f4a-7c1d-4e3b-8a6f-2d9c0b1e7f35",
                        sseAlgorithm: "aws:kms",
                    },
                },
            ]);
            const inherits = byName(violations, "inherits-kms");
            expect(inherits.properties).toEqual({
                bucket: "obs-sse-violations-kms-default",
                content: "encrypted by the bucket default, sent over http\n",
                key: "inherits/kms.txt",
            });
            expect(inherits.propertyDependencies).toEqual({ bucket: [bucket.urn] });
            expect(inherits.dependencies).toEqual([bucket.urn]);

            const literal = byName(violations, "named-literal-object");
            expect(literal.properties["bucket"]).toBe(byName(violations, "named").properties["bucket"]);
            expect(literal.propertyDependencies).toEqual({});
            expect(literal.dependencies).toEqual([]);

            expect(byName(violations, "sse-s3-object").properties["serverSideEncryption"]).toBe("AES256");
        });
    });

    describe("violations example (update)", () => {
        it("resolves same-stack outputs instead of sending unknowns", () => {
            expectWellFormed(violationsUpdate);
            expect(typeCounts(violationsUpdate)).toEqual(typeCounts(violations));
            const kmsKeyId = byName(violationsUpdate, "kms-stack-key").properties["kmsKeyId"];
            expect(kmsKeyId).toBe("stack-key-id");
            const sentinels: string[] = Object.values(UNKNOWN);
            expect(JSON.stringify(violationsUpdate.resources)).not.toMatch(new RegExp(sentinels.join("|")));
        });
    });

    describe("compliant example (preview)", () => {
        it("records every resource on the explicit https provider and no default provider", () => {
            expectWellFormed(compliant);
            expect(compliant.project).toBe("obs-sse-compliant");
            expect(compliant.resources).toHaveLength(8);
            expect(typeCounts(compliant)).toEqual({
                [STACK]: 1,
                [AWS_PROVIDER]: 1,
                [BUCKET]: 1,
                [SSE_CONFIG]: 1,
                [OBJECT_V2]: 2,
                [OBJECT_COPY]: 1,
                [BUCKET_POLICY]: 1,
            });
            const provider = byName(compliant, "otc-obs");
            expect(JSON.parse(str(provider.properties, "endpoints"))).toEqual([{ s3: "https://obs.eu-de.otc.t-systems.com" }]);
            expect(provider.properties["s3UsePathStyle"]).toBe("false");
            expect(provider.properties["insecure"]).toBeUndefined();
            for (const r of compliant.resources.filter((x) => x.type.startsWith("aws:"))) {
                expect(r.provider?.urn, r.name).toBe(provider.urn);
            }
        });

        it("captures SSE-KMS, SSE-C and the TLS-only bucket policy", () => {
            expect(byName(compliant, "report").properties).toMatchObject({
                serverSideEncryption: "aws:kms",
                kmsKeyId: "arn:aws:kms:eu-de:0b6c8e2d4f1a4c3e9d7b5a1f2e3c4d5e:key/0d1c7c5e-3b0e-4e58-9f53-4a7f2c6b8e11",
            });
            expect(byName(compliant, "readme").properties["serverSideEncryption"]).toBeUndefined();

            const customerKey = Buffer.from("compliant-ssec-demo-key-32-bytes", "utf8");
            const copy = byName(compliant, "report-ssec-copy");
            expect(copy.properties["customerAlgorithm"]).toBe("AES256");
            expect(copy.properties["customerKey"]).toEqual(secretOf(customerKey.toString("base64")));
            expect(copy.properties["customerKeyMd5"]).toBe(createHash("md5").update(customerKey).digest("base64"));
            // The source interpolates the report's key output; known in preview because it was an input.
            expect(copy.properties["source"]).toBe("obs-sse-compliant-data/reports/2024.csv");
            expect(copy.propertyDependencies?.["source"]).toEqual(
                expect.arrayContaining([byName(compliant, "data").urn, byName(compliant, "report").urn]),
            );

            const policy: unknown = JSON.parse(str(byName(compliant, "data-tls-only").properties, "policy"));
            expect(policy).toMatchObject({
                Statement: [{ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }],
            });

            const secrets = [
                compliant.config["obs-sse-compliant:obsAccessKey"]!,
                compliant.config["obs-sse-compliant:obsSecretKey"]!,
                customerKey.toString("base64"),
            ];
            const { leaks, wrapped } = scanSecrets(compliant.resources, secrets);
            expect(leaks).toEqual([]);
            expect(wrapped.size).toBe(secrets.length);
        });
    });

    describe("a program that fails", () => {
        const scratch = new ScratchPrograms();
        afterAll(() => scratch.remove());

        it("fails with the program's error (the API keeps its text) and names the missing config key", async () => {
            const dir = scratch.write("needs-config", {
                files: { "index.ts": 'import * as pulumi from "@pulumi/pulumi";\nnew pulumi.Config().require("kmsKeyId");\n' },
            });
            const failure = captureProgram(dir, { stack: "no-such-stack" });
            await expect(failure).rejects.toThrow(/Missing required configuration variable 'needs-config:kmsKeyId'/);
            await expect(failure).rejects.toBeInstanceOf(ProgramFailedError);
            await expect(failure).rejects.toMatchObject({
                failure: { errorName: "ConfigMissingError", configKey: "needs-config:kmsKeyId", location: "index.ts:2" },
            });
        });
    });
});

describe("engine naming and config rules", () => {
    it("qualifies child URNs with the parent's type, except under the root stack", () => {
        const stackUrn = newUrn("dev", "proj", "", STACK, "proj-dev");
        expect(stackUrn).toBe("urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev");
        const component = newUrn("dev", "proj", stackUrn, "my:obs:Store", "store");
        expect(component).toBe("urn:pulumi:dev::proj::my:obs:Store::store");
        const child = newUrn("dev", "proj", component, BUCKET, "b");
        expect(child).toBe("urn:pulumi:dev::proj::my:obs:Store$aws:s3/bucket:Bucket::b");
        expect(newUrn("dev", "proj", child, OBJECT_V2, "o")).toBe(
            "urn:pulumi:dev::proj::my:obs:Store$aws:s3/bucket:Bucket$aws:s3/bucketObjectv2:BucketObjectv2::o",
        );
    });

    it("names default providers after the requested version", () => {
        expect(defaultProviderName("7.48.0", "")).toBe("default_7_48_0");
        expect(defaultProviderName("7.0.0-alpha.1", "")).toBe("default_7_0_0_alpha_1");
        expect(defaultProviderName("", "")).toBe("default");
    });

    it("marshals object config like Go's encoding/json", () => {
        expect(goJsonMarshal({ s3: "http://x", a: [1, true, null], "<k>": "a&b" })).toBe(
            '{"\\u003ck\\u003e":"a\\u0026b","a":[1,true,null],"s3":"http://x"}',
        );
    });

    it("reads stack config as the CLI hands it to the program", () => {
        const project = readProject(violationsDir);
        expect(project.name).toBe("obs-sse-violations");
        const { config, secretKeys } = readStackConfig(violationsDir, project, "dev");
        expect(secretKeys).toEqual([]);
        expect(config["aws:endpoints"]).toBe('[{"s3":"http://obs.eu-de.otc.t-systems.com"}]');
        expect(config["aws:s3UsePathStyle"]).toBe("false");
        expect(config["aws:skipMetadataApiCheck"]).toBe("true");
        expect(Object.values(config).every((v) => typeof v === "string")).toBe(true);
    });
});
