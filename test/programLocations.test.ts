// Where a Pulumi program constructs each resource: the capture keeps the source position the SDK
// sends with RegisterResource (mapped to the TypeScript source by the require hook's inline source
// maps), beside the captured resources, for the command's program findings.
import { mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { captureProgram, ProgramFailedError } from "../engine/capture";
import { programPosition } from "../engine/capture-worker";
import { capturedExample } from "./support/captureCache";
import { KMS_ARN, ScratchPrograms } from "./support/programs";
import { PROCESS_TIMEOUT_MS } from "./support/timeouts";

const scratch = new ScratchPrograms();
afterAll(() => scratch.remove());

describe("programPosition: the first position in the program's own files", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "obs-sse-positions-"));
    const own = path.join(dir, "index.ts");
    writeFileSync(own, "");
    const at = (file: string, line = 3, column = 5) => ({ uri: pathToFileURL(file).toString(), line, column });

    it("skips the SDK, other directories, the hook's [eval] frames and positions without a line", () => {
        expect(
            programPosition(
                [
                    at(path.join(dir, "node_modules", "@pulumi", "pulumi", "resource.js")),
                    at("/elsewhere/index.ts"),
                    at(path.join(dir, "[eval]")),
                    at(own, 0, 0),
                    at(own, 12, 7),
                ],
                dir,
            ),
        ).toEqual({ file: "index.ts", line: 12, column: 7 });
        expect(programPosition([at("/elsewhere/index.ts")], dir)).toBeUndefined();
        expect(programPosition([{ uri: "file://%zz", line: 1, column: 1 }], dir)).toBeUndefined();
    });
});

describe("captured programs carry their resources' construction sites", () => {
    it(
        "the violations example: the line and column of each `new` in index.ts",
        async () => {
            const program = await capturedExample("violations");
            const urnOf = (name: string) => program.resources.find((r) => r.name === name)!.urn;
            expect(program.locations?.[urnOf("kms-over-http")]).toEqual({ file: "index.ts", line: 65, column: 1 });
            expect(program.locations?.[urnOf("stack-key")]).toEqual({ file: "index.ts", line: 74, column: 18 });
            expect(program.locations?.[urnOf("obs-http")]).toEqual({ file: "index.ts", line: 34, column: 17 });
            // Default providers are registered by the engine, not the program.
            const defaults = program.resources.filter((r) => r.name.startsWith("default_"));
            expect(defaults.length).toBeGreaterThan(0);
            for (const d of defaults) expect(program.locations?.[d.urn]).toBeUndefined();
        },
        PROCESS_TIMEOUT_MS,
    );

    it(
        "with an outDir in tsconfig.json, in a helper module, and inside a component",
        async () => {
            const dir = scratch.write("located", {
                files: {
                    // An outDir made the hook's source maps name "../index.ts": outside the program.
                    "tsconfig.json": JSON.stringify({ compilerOptions: { outDir: "bin", sourceMap: true, strict: true } }),
                    "index.ts": [
                        'import * as aws from "@pulumi/aws";',
                        'import { kmsObject, Store } from "./src/store";',
                        "",
                        'kmsObject("from-helper");',
                        'const store = new Store("store");',
                        'export const bucket = new aws.s3.BucketV2("bucket", { bucket: "b" });',
                        "",
                    ].join("\n"),
                    "src/store.ts": [
                        'import * as aws from "@pulumi/aws";',
                        'import * as pulumi from "@pulumi/pulumi";',
                        "",
                        "export function kmsObject(name: string, opts?: pulumi.CustomResourceOptions) {",
                        `    return new aws.s3.BucketObjectv2(name, { bucket: "b", key: "k", content: "x", kmsKeyId: "${KMS_ARN}" }, opts);`,
                        "}",
                        "",
                        "export class Store extends pulumi.ComponentResource {",
                        "    constructor(name: string) {",
                        '        super("test:index:Store", name);',
                        "        kmsObject(`${name}-object`, { parent: this });",
                        "    }",
                        "}",
                        "",
                    ].join("\n"),
                },
            });
            const program = await captureProgram(dir);
            const at = (name: string) => program.locations?.[program.resources.find((r) => r.name === name)!.urn];
            expect(at("from-helper")).toEqual({ file: "src/store.ts", line: 5, column: 12 });
            expect(at("store-object")).toEqual({ file: "src/store.ts", line: 5, column: 12 });
            expect(at("store")).toEqual({ file: "index.ts", line: 5, column: 15 });
            expect(at("bucket")).toEqual({ file: "index.ts", line: 6, column: 23 });
        },
        PROCESS_TIMEOUT_MS,
    );

    it(
        "a program that fails is located in its TypeScript source too, with an outDir",
        async () => {
            const dir = scratch.write("fails-located", {
                files: {
                    "tsconfig.json": JSON.stringify({ compilerOptions: { outDir: "bin", sourceMap: true } }),
                    "index.ts": [
                        'import * as pulumi from "@pulumi/pulumi";',
                        "",
                        "const n: number = 1;",
                        'throw new Error("boom " + n);',
                        "",
                    ].join("\n"),
                },
            });
            const failure = await captureProgram(dir).then(
                () => undefined,
                (e: unknown) => e,
            );
            expect(failure).toBeInstanceOf(ProgramFailedError);
            expect((failure as ProgramFailedError).failure.location).toBe("index.ts:4");
        },
        PROCESS_TIMEOUT_MS,
    );
});
