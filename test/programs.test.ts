// obs-sse-check's Pulumi-program path (checkPulumiPrograms) and the capture beneath it, on small
// programs written for each case: which stack is read, which programs are refused and how, and
// that nothing from a file's content or a program's error text reaches a message.
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkPulumiPrograms } from "../cli/harness";
import { InputError } from "../cli/terraform/plan";
import {
    captureProgram,
    ProgramInputError,
    readProject,
    readStackConfig,
    selectStack,
    StackSelectionError,
    UnsupportedRuntimeError,
} from "../engine/capture";
import { programLocation } from "../engine/capture-worker";
import { PackProcess } from "../engine/pack";
import { replayProgram } from "../engine/replay";
import { toAnalyzeRequest } from "../engine/requests";
import { SECRET_SIG, SIG_KEY, UNKNOWN, type WireResource } from "../engine/wire";
import { capturedProgram } from "./support/captureCache";
import { KMS_ARN, KMS_OBJECT_PROGRAM, obsStackConfig, ScratchPrograms, SECRET_ENDPOINT_PROGRAMS } from "./support/programs";
import { sharedPack } from "./support/sharedPack";
import { PROCESS_TIMEOUT_MS } from "./support/timeouts";

const ROOT = path.resolve(__dirname, "..");
const HTTP_OBS = "http://obs.eu-de.otc.t-systems.com";
const MARKER = "AKIAEXAMPLEMARKER";

/** The error checkPulumiPrograms rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (e) {
        if (e instanceof Error) return e;
        throw new Error(`rejected with a non-Error: ${typeof e}`, { cause: e });
    }
    throw new Error("expected a rejection");
}

/** Everything an error would print: message, and stack (which the command prints for internal errors). */
function allText(e: Error): string {
    return `${e.message}\n${e.stack ?? ""}`;
}

describe("obs-sse-check on Pulumi programs", { timeout: PROCESS_TIMEOUT_MS }, () => {
    const scratch = new ScratchPrograms();
    afterAll(() => scratch.remove());

    describe("stack selection", () => {
        it(
            "reads the only stack file, whatever its name: Pulumi.prod.yaml with an http OBS endpoint is mandatory",
            async () => {
                const dir = scratch.write("prod-only", {
                    files: { "Pulumi.prod.yaml": obsStackConfig(HTTP_OBS), "index.ts": KMS_OBJECT_PROGRAM },
                });
                const [result] = await checkPulumiPrograms([dir], {});
                expect(result!.stack).toBe("prod");
                expect(result!.stackConfigFile).toBe("Pulumi.prod.yaml");
                expect(result!.stackLabel).toBe("stack prod");
                const mandatory = result!.diagnostics.filter((d) => d.enforcementLevel === "mandatory");
                expect(mandatory.map((d) => `${d.policyName} ${d.resourceName}`)).toContain("obs-sse-transfer-protocol kms-object");
                expect(result!.diagnostics.every((d) => d.urn.startsWith("urn:pulumi:prod::prod-only::"))).toBe(true);
            },
            PROCESS_TIMEOUT_MS,
        );

        it("--stack names a stack whose file is missing: an InputError naming the file and listing the stack files", async () => {
            const dir = scratch.write("two-stacks", {
                files: {
                    "Pulumi.prod.yaml": obsStackConfig(HTTP_OBS),
                    "Pulumi.test.yaml": obsStackConfig(HTTP_OBS),
                    "index.ts": KMS_OBJECT_PROGRAM,
                },
            });
            const e = await rejection(checkPulumiPrograms([dir], {}, { stack: "staging" }));
            expect(e).toBeInstanceOf(InputError);
            expect(e.message).toContain("no Pulumi.staging.yaml for --stack staging");
            expect(e.message).toContain("stack files present: Pulumi.prod.yaml, Pulumi.test.yaml");
        });

        it("several stack files and no --stack: an InputError listing them and asking for --stack NAME", async () => {
            const dir = scratch.write("several", {
                files: {
                    "Pulumi.dev.yaml": obsStackConfig(HTTP_OBS),
                    "Pulumi.prod.yaml": obsStackConfig(HTTP_OBS),
                    "index.ts": KMS_OBJECT_PROGRAM,
                },
            });
            const e = await rejection(checkPulumiPrograms([dir], {}));
            expect(e).toBeInstanceOf(InputError);
            expect(e.message).toContain("several stack config files (Pulumi.dev.yaml, Pulumi.prod.yaml); pass --stack NAME");
            // The capture API refuses to guess too, with its own error type.
            await expect(captureProgram(dir)).rejects.toBeInstanceOf(StackSelectionError);
        });

        it("rejects a stack name that is not a plain name (no path in a file name)", async () => {
            const dir = scratch.write("bad-stack-name", {
                files: { "Pulumi.dev.yaml": obsStackConfig(HTTP_OBS), "index.ts": KMS_OBJECT_PROGRAM },
            });
            const e = await rejection(checkPulumiPrograms([dir], {}, { stack: "../../etc/x" }));
            expect(e).toBeInstanceOf(InputError);
            expect(e.message).toMatch(/stack name must be letters/);
            const ok = await rejection(checkPulumiPrograms([dir], {}, { stack: "org/project/staging" }));
            expect(ok.message).toContain("no Pulumi.staging.yaml for --stack staging");
        });

        it(
            "no stack file: previews without stack config, and says so",
            async () => {
                // An explicit https provider: the program does not depend on stack config.
                const dir = scratch.write("no-stack", {
                    files: {
                        "index.ts": [
                            'import * as aws from "@pulumi/aws";',
                            'const obs = new aws.Provider("obs", { region: "eu-de", endpoints: [{ s3: "http://obs.eu-de.otc.t-systems.com" }], skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: true, skipRegionValidation: true });',
                            `new aws.s3.BucketObjectv2("kms-object", { bucket: "obs-sse-test", key: "k.txt", content: "x", serverSideEncryption: "aws:kms", kmsKeyId: "${KMS_ARN}" }, { provider: obs });`,
                        ].join("\n"),
                    },
                });
                const [result] = await checkPulumiPrograms([dir], {});
                expect(result!.stackConfigFile).toBeUndefined();
                expect(result!.stackLabel).toBe("stack dev: no stack config was read");
                expect(result!.diagnostics.some((d) => d.enforcementLevel === "mandatory" && d.resourceName === "kms-object")).toBe(true);
            },
            PROCESS_TIMEOUT_MS,
        );
    });

    describe("programs obs-sse-check cannot preview", () => {
        for (const [runtime, yaml] of [
            ["python", "runtime: python\n"],
            ["go", "runtime:\n  name: go\n  options:\n    binary: bin/app\n"],
            ["yaml", "runtime: yaml\n"],
            ["dotnet", "runtime: dotnet\n"],
            ["java", "runtime: java\n"],
        ] as const) {
            it(`a ${runtime} program: an InputError naming the runtime and pointing at pulumi preview --policy-pack`, async () => {
                const dir = scratch.write(`${runtime}-program`, {
                    files: { "Pulumi.yaml": `name: ${runtime}-program\n${yaml}`, "__main__.py": "import pulumi\n" },
                    nodeModules: false,
                });
                const e = await rejection(checkPulumiPrograms([dir], {}));
                expect(e).toBeInstanceOf(InputError);
                expect(e.message).toContain(`the program's runtime is ${runtime}`);
                expect(e.message).toContain(`pulumi preview --policy-pack ${ROOT}`);
                expect(e.message).not.toMatch(/Cannot find module|\n\s+at /);
                // The capture API says the same with its own error type.
                await expect(captureProgram(dir)).rejects.toBeInstanceOf(UnsupportedRuntimeError);
            });
        }

        it("an unknown runtime is described by its length, not quoted", async () => {
            const dir = scratch.write("odd-runtime", { files: { "Pulumi.yaml": `name: odd\nruntime: ${MARKER}\n` }, nodeModules: false });
            const e = await rejection(checkPulumiPrograms([dir], {}));
            expect(e.message).toContain(`not one Pulumi knows (${MARKER.length} characters)`);
            expect(allText(e)).not.toContain(MARKER);
        });

        it("a nodejs program without node_modules: an InputError saying to run npm install in it", async () => {
            const dir = scratch.write("not-installed", { files: { "index.ts": KMS_OBJECT_PROGRAM }, nodeModules: false });
            const e = await rejection(checkPulumiPrograms([dir], {}));
            expect(e).toBeInstanceOf(InputError);
            expect(e.message).toContain("@pulumi/pulumi cannot be found from the program; run npm install in");
            expect(e.message).not.toMatch(/Cannot find module/);
            await expect(captureProgram(dir)).rejects.toBeInstanceOf(ProgramInputError);
        });
    });

    describe("YAML errors name the file, line and column, never the content", () => {
        const broken = ["config:", "  aws:region: eu-de", '  aws:secretKey: "TOPSECRET', `  aws:accessKey: ${MARKER}`, ""].join("\n");

        it("in the stack file", async () => {
            const dir = scratch.write("bad-stack-yaml", { files: { "Pulumi.dev.yaml": broken, "index.ts": KMS_OBJECT_PROGRAM } });
            const e = await rejection(checkPulumiPrograms([dir], {}));
            expect(e).toBeInstanceOf(InputError);
            expect(e.message).toMatch(/Pulumi\.dev\.yaml: not valid YAML \(line \d+, column \d+\)$/);
            expect(allText(e)).not.toContain(MARKER);
            expect(allText(e)).not.toContain("TOPSECRET");
        });

        it("in Pulumi.yaml", async () => {
            const dir = scratch.write("bad-project-yaml", {
                files: { "Pulumi.yaml": `name: x\nruntime: nodejs\n${broken}`, "index.ts": KMS_OBJECT_PROGRAM },
            });
            const e = await rejection(checkPulumiPrograms([dir], {}));
            expect(e.message).toMatch(/Pulumi\.yaml: not valid YAML \(line \d+, column \d+\)$/);
            expect(allText(e)).not.toContain(MARKER);
            expect(allText(e)).not.toContain("TOPSECRET");
        });

        it("the position is js-yaml's, 1-based", async () => {
            const dir = scratch.write("bad-yaml-position", {
                files: { "Pulumi.dev.yaml": `config:\n  a: [1, 2\n  b: ${MARKER}\n`, "index.ts": KMS_OBJECT_PROGRAM },
            });
            const e = await rejection(captureProgram(dir));
            expect(e).toBeInstanceOf(ProgramInputError);
            expect(e.message).toMatch(/Pulumi\.dev\.yaml: not valid YAML \(line 3, column \d+\)$/);
            expect(allText(e)).not.toContain(MARKER);
        });
    });

    describe("a failing program", () => {
        it(
            "is reported by its error's class and file:line in the program, not by its message",
            async () => {
                const dir = scratch.write("throws", {
                    files: {
                        "index.ts": [
                            'import * as aws from "@pulumi/aws";',
                            "",
                            "class EndpointConfigError extends Error {}",
                            `throw new EndpointConfigError("bad endpoint ${MARKER}");`,
                            "export const unused = aws.s3;",
                        ].join("\n"),
                    },
                });
                const e = await rejection(checkPulumiPrograms([dir], {}));
                expect(e).toBeInstanceOf(InputError);
                expect(e.message).toContain("the Pulumi program failed at index.ts:4 with EndpointConfigError");
                expect(allText(e)).not.toContain(MARKER);
            },
            PROCESS_TIMEOUT_MS,
        );

        it(
            "a missing required config key is named (a name, not a value)",
            async () => {
                const dir = scratch.write("needs-config", {
                    files: {
                        "Pulumi.dev.yaml": `config:\n  needs-config:other: ${MARKER}\n`,
                        "index.ts": 'import * as pulumi from "@pulumi/pulumi";\nnew pulumi.Config().require("endpoint");\n',
                    },
                });
                const e = await rejection(checkPulumiPrograms([dir], {}));
                expect(e.message).toContain(
                    "the Pulumi program failed at index.ts:2: missing required configuration variable needs-config:endpoint",
                );
                expect(allText(e)).not.toContain(MARKER);
            },
            PROCESS_TIMEOUT_MS,
        );

        it("programLocation: the first frame in the program's own files, relative", () => {
            const stack = [
                "Error: x",
                "    at Object.<anonymous> (/p/node_modules/@pulumi/pulumi/x.js:1:2)",
                "    at run (/elsewhere/y.js:3:4)",
                "    at Object.<anonymous> (/p/src/index.ts:12:7)",
                "    at /p/index.ts:1:1",
            ].join("\n");
            expect(programLocation(stack, "/p")).toBe("src/index.ts:12");
            expect(programLocation("Error: x\n    at /other/index.ts:1:1", "/p")).toBeUndefined();
        });
    });

    describe("reading stack config", () => {
        it("selectStack: the named stack, the only stack file, none, or an error for several", () => {
            const one = scratch.write("select-one", { files: { "Pulumi.prod.yaml": "config: {}\n" } });
            expect(selectStack(one, undefined)).toEqual({ stack: "prod", configFile: "Pulumi.prod.yaml" });
            expect(selectStack(one, "prod", { requireFile: true })).toEqual({ stack: "prod", configFile: "Pulumi.prod.yaml" });
            expect(selectStack(one, "other")).toEqual({ stack: "other", configFile: undefined });
            expect(() => selectStack(one, "other", { requireFile: true })).toThrow(StackSelectionError);
            const none = scratch.write("select-none", { files: {} });
            expect(selectStack(none, undefined)).toEqual({ stack: "dev", configFile: undefined });
            const two = scratch.write("select-two", { files: { "Pulumi.a.yaml": "", "Pulumi.b.yaml": "" } });
            expect(() => selectStack(two, undefined)).toThrow(StackSelectionError);
            expect(selectStack(two, "b")).toEqual({ stack: "b", configFile: "Pulumi.b.yaml" });
        });

        it("secure: values are secret keys whose text is the unknown sentinel (never the ciphertext)", () => {
            const cipher = "v1:c2VjdXJlLWZha2U=:QUFBQUFBQUFBQUFBQUFBQQ==";
            const dir = scratch.write("secure-read", {
                files: {
                    "Pulumi.yaml": `name: secure-read\nruntime: nodejs\nconfig:\n  projectKey:\n    secure: ${cipher}\n  plain: text\n`,
                    "Pulumi.dev.yaml": `config:\n  aws:secretKey:\n    secure: ${cipher}\n  aws:endpoints:\n    - s3:\n        secure: ${cipher}\n  aws:region: eu-de\n  secure-read:plain:\n    secure: ${cipher}\n`,
                },
            });
            const project = readProject(dir);
            expect(project.secretKeys).toEqual(["secure-read:projectKey"]);
            const { config, secretKeys } = readStackConfig(dir, project, selectStack(dir, undefined));
            expect(secretKeys).toEqual(["aws:endpoints", "aws:secretKey", "secure-read:plain", "secure-read:projectKey"]);
            expect(config["aws:secretKey"]).toBe(UNKNOWN.string);
            expect(config["aws:endpoints"]).toBe(JSON.stringify([{ s3: UNKNOWN.string }]));
            expect(config["aws:region"]).toBe("eu-de");
            expect(JSON.stringify(config)).not.toContain("c2VjdXJl");
        });
    });

    describe("secret endpoints reach the pack as secrets", () => {
        let pack: PackProcess;
        beforeAll(async () => {
            pack = await sharedPack();
        }, PROCESS_TIMEOUT_MS);

        /** Replays a program and returns the AnalyzeRequest for `name`, decoded from its wire bytes. */
        async function analyzeRequestOf(dir: string, name: string): Promise<analyzerPb.AnalyzeRequest> {
            const program = await capturedProgram(dir);
            const sent: WireResource[] = [];
            const spy = vi.spyOn(pack, "analyze").mockImplementation(async function (this: PackProcess, r: WireResource) {
                sent.push(r);
                return PackProcess.prototype.analyze.call(this, r);
            });
            try {
                await pack.configureStack({ stack: program.stack, project: program.project, dryRun: true, config: program.config });
                await pack.configure({});
                await replayProgram(pack, program);
            } finally {
                spy.mockRestore();
            }
            const resource = sent.find((r) => r.name === name);
            if (resource === undefined) throw new Error(`${name} was not analyzed`);
            return analyzerPb.AnalyzeRequest.deserializeBinary(toAnalyzeRequest(resource).serializeBinary());
        }

        function providerEndpoints(req: analyzerPb.AnalyzeRequest): unknown {
            return req.getProvider()?.getProperties()?.toJavaScript()["endpoints"];
        }

        it(
            "an endpoint set through pulumi.secret(...) on an explicit provider",
            async () => {
                const dir = scratch.write("secret-endpoint", SECRET_ENDPOINT_PROGRAMS["secret-endpoint"]);
                const endpoints = providerEndpoints(await analyzeRequestOf(dir, "kms-object"));
                expect(endpoints).toMatchObject({ [SIG_KEY]: SECRET_SIG });
                expect(JSON.parse((endpoints as { value: string }).value)).toEqual([{ s3: HTTP_OBS }]);
            },
            PROCESS_TIMEOUT_MS,
        );

        it(
            "an endpoint from a secure: stack config value on the default provider (unknown: the capture cannot decrypt it)",
            async () => {
                const dir = scratch.write("secure-endpoint", SECRET_ENDPOINT_PROGRAMS["secure-endpoint"]);
                const endpoints = providerEndpoints(await analyzeRequestOf(dir, "kms-object"));
                expect(endpoints).toEqual({ [SIG_KEY]: SECRET_SIG, value: JSON.stringify([{ s3: UNKNOWN.string }]) });
            },
            PROCESS_TIMEOUT_MS,
        );

        it(
            "a secure: project value the program reads with requireSecret stays secret on the provider",
            async () => {
                const dir = scratch.write("secure-program-value", SECRET_ENDPOINT_PROGRAMS["secure-program-value"]);
                expect(providerEndpoints(await analyzeRequestOf(dir, "kms-object"))).toMatchObject({ [SIG_KEY]: SECRET_SIG });
            },
            PROCESS_TIMEOUT_MS,
        );
    });
});
