// Small Pulumi programs written to a temporary directory for one test file, and removed after it.
// Each program sees this repository's node_modules through a symlink (so @pulumi/pulumi and
// @pulumi/aws resolve as they do for the examples) unless it asks for none.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

/** A KMS key ARN of the form the aws provider accepts (fake). */
export const KMS_ARN = "arn:aws:kms:eu-de:0b6c8e2d4f1a4c3e9d7b5a1f2e3c4d5e:key/5b2e9f4a-7c1d-4e3b-8a6f-2d9c0b1e7f35";

/** Stack config that points the default aws provider at OBS, with the given S3 endpoint. */
export function obsStackConfig(s3Endpoint: string): string {
    return [
        "config:",
        "  aws:region: eu-de",
        "  aws:endpoints:",
        `    - s3: ${s3Endpoint}`,
        "  aws:skipCredentialsValidation: true",
        "  aws:skipRequestingAccountId: true",
        "  aws:skipMetadataApiCheck: true",
        "  aws:skipRegionValidation: true",
        "",
    ].join("\n");
}

/** A program that writes one SSE-KMS object through the default aws provider. */
export const KMS_OBJECT_PROGRAM = [
    'import * as aws from "@pulumi/aws";',
    `new aws.s3.BucketObjectv2("kms-object", { bucket: "obs-sse-test", key: "k.txt", content: "x", serverSideEncryption: "aws:kms", kmsKeyId: "${KMS_ARN}" });`,
    "",
].join("\n");

const HTTP_OBS = "http://obs.eu-de.otc.t-systems.com";
const EXPLICIT_PROVIDER =
    'region: "eu-de", skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: true, skipRegionValidation: true';
/** A secure: config value (fake ciphertext: the capture cannot decrypt it, and needs not). */
const SECURE_VALUE = "secure: v1:c2VjdXJlLWVuZHBvaW50LWZha2U=:AAAAAAAAAAAAAAAA";

/**
 * Programs whose OBS endpoint (http://) is a secret, by name (the project's name too): set through
 * pulumi.secret(...) on an explicit provider (path style), a secure: stack config value on the
 * default provider, and a secure: project value read with requireSecret. test/programs.test.ts
 * checks that they reach the pack as secrets, test/e2e/programParity.test.ts that the in-process
 * check reports what the pack does; both write them with these files, so that they share one
 * capture each (capturedProgram in test/support/captureCache.ts).
 */
export const SECRET_ENDPOINT_PROGRAMS = {
    "secret-endpoint": {
        files: {
            "index.ts": [
                'import * as aws from "@pulumi/aws";',
                'import * as pulumi from "@pulumi/pulumi";',
                `const obs = new aws.Provider("obs", { ${EXPLICIT_PROVIDER}, endpoints: [{ s3: pulumi.secret("${HTTP_OBS}") }], s3UsePathStyle: true });`,
                `new aws.s3.BucketObjectv2("kms-object", { bucket: "obs-sse-test", key: "k.txt", content: "x", serverSideEncryption: "aws:kms", kmsKeyId: "${KMS_ARN}" }, { provider: obs });`,
            ].join("\n"),
        },
    },
    "secure-endpoint": {
        files: {
            "Pulumi.dev.yaml": obsStackConfig(HTTP_OBS).replace(`- s3: ${HTTP_OBS}`, `- s3:\n        ${SECURE_VALUE}`),
            "index.ts": KMS_OBJECT_PROGRAM,
        },
    },
    "secure-program-value": {
        files: {
            "Pulumi.dev.yaml": `config:\n  secure-program-value:endpoint:\n    ${SECURE_VALUE}\n`,
            "index.ts": [
                'import * as aws from "@pulumi/aws";',
                'import * as pulumi from "@pulumi/pulumi";',
                'const endpoint = new pulumi.Config().requireSecret("endpoint");',
                `const obs = new aws.Provider("obs", { ${EXPLICIT_PROVIDER}, endpoints: [{ s3: endpoint }] });`,
                `new aws.s3.BucketObjectv2("kms-object", { bucket: "obs-sse-test", key: "k.txt", content: "x", serverSideEncryption: "aws:kms", kmsKeyId: "${KMS_ARN}" }, { provider: obs });`,
            ].join("\n"),
        },
    },
} satisfies Record<string, ProgramSpec>;

export interface ProgramSpec {
    /** Files by path relative to the program directory; Pulumi.yaml defaults to a nodejs project. */
    files: Record<string, string>;
    /** Link this repository's node_modules into the program (default true). */
    nodeModules?: boolean;
}

/** A scratch directory holding test programs; call remove() after the tests. */
export class ScratchPrograms {
    readonly root = mkdtempSync(path.join(os.tmpdir(), "obs-sse-programs-"));
    private count = 0;

    /** Writes a program and returns its directory. */
    write(name: string, spec: ProgramSpec): string {
        const dir = path.join(this.root, `${++this.count}-${name}`);
        mkdirSync(dir, { recursive: true });
        const files = { "Pulumi.yaml": `name: ${name}\nruntime: nodejs\n`, ...spec.files };
        for (const [file, text] of Object.entries(files)) {
            mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            writeFileSync(path.join(dir, file), text);
        }
        if (spec.nodeModules !== false) symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
        return dir;
    }

    remove(): void {
        rmSync(this.root, { recursive: true, force: true });
    }
}
