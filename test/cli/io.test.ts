// The command's shell: its command line, what it agrees to read (files, directories, standard
// input; bounded; UTF-8 and UTF-16), how it writes (streamed, atomic --output, a closed stdout),
// and what text output shows of input (printable names, bounded messages).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { editDistance, nearest, parseCommandLine, UsageError } from "../../cli/args";
import { writeFileAtomically } from "../../cli/atomicOutput";
import { decodePlanText, readStreamBounded } from "../../cli/input";
import { InputError } from "../../cli/inputError";
import { MAX_INPUT_BYTES } from "../../cli/limits";
import { main } from "../../cli/main";
import {
    fingerprint,
    jsonReport,
    MAX_TEXT_MESSAGE_CHARS,
    renderText,
    sarifReport,
    textMessageLines,
    textReport,
    type Finding,
    type InputReport,
} from "../../cli/output";
import { StreamWriteError, writePieces } from "../../cli/streams";
import { TOOL_NAME, PACK_VERSION } from "../../cli/version";
import { policies } from "../../policies/registry";
import { Capture, runCommand } from "./runCommand";
import { at } from "../support/items";

const ROOT = path.resolve(__dirname, "../..");
const DELETE = path.join("examples", "terraform", "delete", "plan.json");
const run = (...args: string[]) => runCommand(args, { cwd: ROOT });
const scratch = (prefix: string) => mkdtempSync(path.join(tmpdir(), `obs-sse-${prefix}-`));

interface JsonReport {
    findings: Array<{ policy: string; enforcementLevel: string; resource: string; message: string; input: string }>;
    summary: { mandatory: number; advisory: number; resources: number };
}
const summary = (r: JsonReport) => r.findings.map((f) => `${f.enforcementLevel} ${f.policy} ${f.resource}`).sort();

describe("start-up", () => {
    it("importing cli/main runs nothing and loads neither @pulumi/policy nor @pulumi/pulumi; --version answers from main", () => {
        const script = `
            const { main } = require("./bin/cli/main.js");
            const before = Object.keys(require.cache).filter((f) => f.includes("@pulumi")).length;
            let out = "";
            const stdout = new (require("node:stream").Writable)({ write(c, _e, cb) { out += c; cb(); } });
            main(["--version"], { stdout, stderr: process.stderr, stdin: process.stdin }).then((code) => {
                const after = Object.keys(require.cache).filter((f) => f.includes("@pulumi") || f.includes("registry")).length;
                process.stdout.write(JSON.stringify({ before, after, code, out }));
            });`;
        const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
        expect(r.stderr).toBe("");
        expect(JSON.parse(r.stdout)).toEqual({ before: 0, after: 0, code: 0, out: `${TOOL_NAME} ${PACK_VERSION}\n` });
    });
});

describe("the command line", () => {
    it("-f=json and --format=json both choose JSON", async () => {
        for (const args of [["-f=json"], ["--format=json"], ["-f", "json"], ["-fjson"]]) {
            const r = await run(...args, DELETE);
            expect(r.code, args.join(" ")).toBe(1);
            expect((JSON.parse(r.stdout) as JsonReport).summary.mandatory, args.join(" ")).toBe(1);
        }
    });

    it("an unknown option: named, with the nearest known option suggested, exit 2, quotes balanced", async () => {
        const r = await run("--formt", "json", DELETE);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr).toContain("unknown option '--formt'; did you mean --format?");
        expect(r.stderr.split("'").length % 2).toBe(1);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        const far = await run("--zzzzzzzz", DELETE);
        expect(far.code).toBe(2);
        expect(far.stderr).toContain("unknown option '--zzzzzzzz'");
        expect(far.stderr).not.toContain("did you mean");
    });

    it("an unknown option's value is never repeated", async () => {
        const r = await run("--password=PLANTED-secret", DELETE);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("unknown option '--password'");
        expect(r.stderr).not.toContain("PLANTED");
    });

    it("an unknown format: the formats listed, a near miss suggested, the value not repeated", async () => {
        const r = await run("--format", "sarf", DELETE);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("the formats are text, json, sarif, junit, github; did you mean sarif?");
        expect(r.stderr).not.toContain("sarf");
        const other = await run("-f=PLANTED", DELETE);
        expect(other.code).toBe(2);
        expect(other.stderr).toContain("the formats are text, json, sarif, junit, github");
        expect(other.stderr).not.toContain("PLANTED");
    });

    it("options without their value, booleans with one, options given twice: exit 2, named", async () => {
        const cases: Array<[string[], string]> = [
            [[DELETE, "--format"], "option '--format' needs a value: one of text, json, sarif, junit, github"],
            [[DELETE, "-o"], "option '-o' needs a value"],
            [["--help=yes"], "option '--help' takes no value"],
            [["-f", "json", "--format", "text", DELETE], "option '--format' is given more than once"],
            [[], "no input given"],
        ];
        for (const [args, message] of cases) {
            const r = await run(...args);
            expect(r.code, args.join(" ")).toBe(2);
            expect(r.stderr, args.join(" ")).toContain(message);
            expect(r.stderr.split("'").length % 2, args.join(" ")).toBe(1);
        }
    });

    it("the parser and its edit distance", () => {
        expect(editDistance("formt", "format")).toBe(1);
        expect(editDistance("fromat", "format")).toBe(1);
        expect(editDistance("", "abc")).toBe(3);
        // One implementation with the config's hints: it counts characters, not UTF-16 code units.
        expect(editDistance("\u{1F600}format", "format")).toBe(1);
        expect(nearest("outptu", ["format", "output", "config"])).toBe("output");
        expect(nearest("conf", ["format", "output", "config"])).toBe("config");
        expect(nearest("xyz", ["format", "output"])).toBeUndefined();
        expect(parseCommandLine(["--stack", "prod", "dir"])).toMatchObject({ stack: "prod", inputs: ["dir"] });
        expect(parseCommandLine(["--", "-f"])).toMatchObject({ inputs: ["-f"] });
        expect(() => parseCommandLine(["-x", "a"])).toThrow(UsageError);
    });
});

describe("what the command reads", () => {
    it("refuses a FIFO at once (exit 2), without waiting for a writer", async () => {
        const dir = scratch("fifo");
        const fifo = path.join(dir, "plan.json");
        execFileSync("mkfifo", [fifo]);
        const r = await run(fifo);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`${fifo}: is a FIFO (named pipe), not a regular file`);
    });

    it("refuses a --config that is a FIFO or a device (exit 2)", async () => {
        const fifo = path.join(scratch("cfgfifo"), "cfg.json");
        execFileSync("mkfifo", [fifo]);
        const r = await run("-c", fifo, DELETE);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`${fifo}: the config file is a FIFO (named pipe), not a regular file`);
        expect((await run("-c", "/dev/zero", DELETE)).stderr).toContain("/dev/zero: the config file is a character device");
    });

    it("refuses /dev/zero and a socket (exit 2)", async () => {
        const zero = await run("/dev/zero");
        expect(zero.code).toBe(2);
        expect(zero.stderr).toContain("/dev/zero: is a character device, not a regular file");
        const socket = path.join(scratch("sock"), "s.sock");
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(socket, resolve));
        try {
            const r = await run(socket);
            expect(r.code).toBe(2);
            expect(r.stderr).toContain("is a socket, not a regular file");
        } finally {
            server.close();
        }
    });

    it("refuses a plan over the limit, naming the limit, before reading it", async () => {
        const big = path.join(scratch("big"), "plan.json");
        writeFileSync(big, "");
        truncateSync(big, MAX_INPUT_BYTES + 1); // sparse: nothing is written to disk
        const r = await run(big);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("plans over 512 MiB are refused");
    });

    it("reads a plan from standard input (-), the same findings as from the file", async () => {
        const fromFile = await run("-f", "json", DELETE);
        const fromStdin = await runCommand(["-f", "json", "-"], { cwd: ROOT, stdin: readFileSync(path.join(ROOT, DELETE)) });
        expect(fromStdin.stderr).toBe("");
        expect(fromStdin.code).toBe(1);
        expect(summary(JSON.parse(fromStdin.stdout) as JsonReport)).toEqual(summary(JSON.parse(fromFile.stdout) as JsonReport));
        expect(at((JSON.parse(fromStdin.stdout) as JsonReport).findings, 0).input).toBe("-");
        const twice = await runCommand(["-", "-"], { cwd: ROOT, stdin: "{}" });
        expect(twice.code).toBe(2);
        expect(twice.stderr).toContain("standard input) is named more than once");
        const garbage = await runCommand(["-"], { cwd: ROOT, stdin: "PLANTED {" });
        expect(garbage.code).toBe(2);
        expect(garbage.stderr).toContain("standard input: is not JSON");
        expect(garbage.stderr).not.toContain("PLANTED");
    });

    it("refuses standard input that is a terminal", async () => {
        const stdin = Object.assign(Readable.from([]), { isTTY: true });
        const stdout = new Capture();
        const stderr = new Capture();
        expect(await main(["-"], { stdout, stderr, stdin, cwd: ROOT })).toBe(2);
        expect(stderr.text).toContain("standard input is a terminal");
    });

    it("bounds standard input: refused once it passes the limit, naming it", async () => {
        const chunks = Array.from({ length: 10 }, () => Buffer.alloc(100, 0x20));
        await expect(readStreamBounded(Readable.from(chunks), "standard input", 550)).rejects.toThrow(
            /standard input: more than 550 bytes; plans over 512 MiB are refused/,
        );
        await expect(readStreamBounded(Readable.from(chunks), "standard input", 1000)).resolves.toHaveLength(1000);
    });

    const encodings: Array<[string, (text: string) => Buffer]> = [
        ["UTF-8 with BOM", (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, "utf8")])],
        ["UTF-16LE with BOM (Windows PowerShell 5.1 >)", (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")])],
        ["UTF-16BE with BOM", (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, "utf16le").swap16()])],
        ["UTF-16LE without BOM", (t) => Buffer.from(t, "utf16le")],
    ];
    for (const [name, encode] of encodings) {
        it(`reads a plan in ${name}`, async () => {
            const text = readFileSync(path.join(ROOT, DELETE), "utf8");
            const file = path.join(scratch("enc"), "plan.json");
            writeFileSync(file, encode(text));
            const r = await run("-f", "json", file);
            expect(r.stderr).toBe("");
            expect(r.code).toBe(1);
            expect(summary(JSON.parse(r.stdout) as JsonReport)).toEqual([
                "advisory obs-https-hardening aws_s3_object.kept",
                "mandatory obs-sse-transfer-protocol aws_s3_object.kept",
            ]);
            const fromStdin = await runCommand(["-f", "json", "-"], { cwd: ROOT, stdin: encode(text) });
            expect(fromStdin.code).toBe(1);
        });
    }

    it("decodes non-ASCII text in every encoding, and refuses invalid UTF-8 without quoting it", () => {
        const text = '{"k": "Grüße 🙂"}';
        expect(decodePlanText(Buffer.from(text, "utf8"), "f")).toBe(text);
        expect(decodePlanText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]), "f")).toBe(text);
        expect(decodePlanText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]), "f")).toBe(text);
        expect(() => decodePlanText(Buffer.from([0x7b, 0xff, 0xfe, 0xfd, 0x7d]), "bad.json")).toThrow(/bad\.json: is not UTF-8 text/);
        expect(() => decodePlanText(Buffer.from([0xff, 0xfe, 0x7b]), "odd.json")).toThrow(/odd\.json: is not whole UTF-16 text/);
    });

    it("a format 0.x plan: a warning that says which Terraform writes it (0.12 to 1.0), not that it predates 1.0", async () => {
        const doc = JSON.parse(readFileSync(path.join(ROOT, DELETE), "utf8")) as { format_version: string };
        doc.format_version = "0.2";
        const file = path.join(scratch("v0"), "plan.json");
        writeFileSync(file, JSON.stringify(doc));
        const r = await run("-f", "json", file);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`warning: ${file}: plan format_version 0.2 (written by Terraform 0.12 to 1.0) is read as format 1.x`);
        expect(r.stderr).not.toContain("predates");
    });
});

describe("--output", () => {
    it("refuses to name an input, however spelled (exit 2), and leaves it intact", async () => {
        const dir = scratch("outin");
        const plan = path.join(dir, "plan.json");
        const original = readFileSync(path.join(ROOT, DELETE));
        writeFileSync(plan, original);
        symlinkSync(plan, path.join(dir, "link.json"));
        for (const output of [plan, path.join(dir, ".", "plan.json"), path.join(dir, "link.json")]) {
            const r = await run("-o", output, plan);
            expect(r.code, output).toBe(2);
            expect(r.stderr, output).toContain("--output names an input of this run");
            expect(readFileSync(plan).equals(original)).toBe(true);
        }
        const cfg = path.join(dir, "cfg.json");
        writeFileSync(cfg, "{}");
        expect((await run("-c", cfg, "-o", cfg, plan)).code).toBe(2);
        expect(readFileSync(cfg, "utf8")).toBe("{}");
        const toDir = await run("-o", dir, plan);
        expect(toDir.code).toBe(2);
        expect(toDir.stderr).toContain("--output names a directory");
    });

    it("replaces the report whole and leaves no temporary file", async () => {
        const dir = scratch("outok");
        const out = path.join(dir, "report.sarif");
        writeFileSync(out, "old report");
        const r = await run("-f", "sarif", "-o", out, DELETE);
        expect(r.code).toBe(1);
        expect((JSON.parse(readFileSync(out, "utf8")) as { version: string }).version).toBe("2.1.0");
        expect(readdirSync(dir)).toEqual(["report.sarif"]);
    });

    it("a write that fails midway (a full disk) leaves the old report intact and removes the temporary file", async () => {
        const dir = scratch("outfail");
        const out = path.join(dir, "report.json");
        writeFileSync(out, "old report");
        const failing = writeFileAtomically(out, "report.json", async (stream) => {
            await writePieces(['{"partial": '], stream);
            throw new StreamWriteError("ENOSPC");
        });
        await expect(failing).rejects.toThrow(InputError);
        await expect(failing).rejects.toThrow("report.json: the report cannot be written (ENOSPC); the file is left as it was");
        expect(readFileSync(out, "utf8")).toBe("old report");
        expect(readdirSync(dir)).toEqual(["report.json"]);
    });

    it("a device is written in place, never replaced (-o /dev/null)", async () => {
        const r = await run("-o", "/dev/null", DELETE);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe("");
        expect(readdirSync("/dev").some((f) => f.startsWith(".null."))).toBe(false);
    });

    it("a directory that cannot take the file: exit 2, named", async () => {
        const out = path.join(scratch("outmissing"), "no-such-dir", "report.json");
        const r = await run("-o", out, DELETE);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`${out}: the report cannot be written (ENOENT)`);
    });
});

const finding = (i: number, extra: Partial<Finding> = {}): Finding => ({
    policy: "obs-sse-transfer-protocol",
    enforcementLevel: i % 3 === 0 ? "advisory" : "mandatory",
    severity: "high",
    resource: `aws_s3_object.o[${i}]`,
    resourceType: "aws_s3_object",
    resourceName: `aws_s3_object.o[${i}]`,
    message: `aws_s3_object.o[${i}] would call OBS over HTTP "with" \\ quotes\nFix: it.`,
    input: "plan.json",
    ...extra,
});
const report = (findings: Finding[], extra: Partial<InputReport> = {}): InputReport => ({
    input: "plan.json",
    kind: "terraform-plan",
    resources: findings.length,
    preamble: ["\nChecking plan.json"],
    packLabel: "obs-sse@v1",
    findings,
    ...extra,
});

/** A stdout whose reader went away after the first write: EPIPE, as a closed pipe gives. */
class ClosedPipe extends Writable {
    writes = 0;
    /** `accepted`: how many writes succeed before the reader goes away. */
    constructor(readonly accepted = 1) {
        super();
    }
    override _write(_chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
        this.writes += 1;
        callback(this.writes > this.accepted ? Object.assign(new Error("write EPIPE"), { code: "EPIPE" }) : null);
    }
}

describe("writing the report", () => {
    it("a closed stdout: the verdict's exit code, nothing on stderr", async () => {
        const dir = scratch("epipe");
        const plan = path.join(dir, "plan.json");
        const { violatingPlan } = await import("../../bench/violatingPlan.js");
        writeFileSync(plan, JSON.stringify(violatingPlan(500, ROOT)));
        for (const format of ["text", "json", "sarif"]) {
            // The text report groups the 500 findings (one provider, one cause) into one short piece: its reader goes at once.
            const stdout = new ClosedPipe(format === "text" ? 0 : 1);
            const r = await runCommand(["-f", format, plan], { cwd: ROOT, stdout });
            expect(r.stderr, format).toBe("");
            expect(r.code, format).toBe(1);
            expect(stdout.writes, format).toBeGreaterThan(stdout.accepted);
        }
    }, 60_000);

    it("json and sarif in pieces: the same text as JSON.stringify of the whole document", () => {
        const findings = [finding(0), finding(1, { message: '"findings": "\u0000obs-sse-check:array\u0000"' }), finding(2)];
        const reports = [report(findings), report([], { input: "empty.json" })];
        const json = [...jsonReport(reports)].join("");
        const expected = {
            tool: { name: TOOL_NAME, version: PACK_VERSION },
            inputs: [
                { input: "plan.json", kind: "terraform-plan", resources: 3, findings: 3 },
                { input: "empty.json", kind: "terraform-plan", resources: 0, findings: 0 },
            ],
            findings: findings.map((f) => ({
                policy: f.policy,
                enforcementLevel: f.enforcementLevel,
                severity: f.severity,
                resource: f.resource,
                resourceType: f.resourceType,
                message: f.message,
                input: f.input,
                fingerprint: fingerprint(f),
            })),
            summary: { mandatory: 2, advisory: 1, resources: 3 },
        };
        expect(json).toBe(`${JSON.stringify(expected, null, 2)}\n`);
        expect([...jsonReport([report([])])].join("")).toContain('"findings": [],');
        const sarif = [...sarifReport(reports, policies, () => "mandatory", ROOT)].join("");
        const log = JSON.parse(sarif) as { runs: Array<{ results: Array<{ message: { text: string } }> }> };
        expect(sarif).toBe(`${JSON.stringify(log, null, 2)}\n`);
        expect(at(log.runs, 0).results.map((r) => r.message.text)).toEqual(findings.map((f) => f.message));
    });

    it("json and sarif of hundreds of findings (written in batches): the same text as JSON.stringify of the whole document", () => {
        for (const count of [255, 256, 257, 600]) {
            const findings = Array.from({ length: count }, (_, i) =>
                finding(i, i % 7 === 0 ? { message: `line one\nline "two" ${i}` } : {}),
            );
            const json = [...jsonReport([report(findings)])].join("");
            expect(json, `${count}`).toBe(`${JSON.stringify(JSON.parse(json), null, 2)}\n`);
            expect((JSON.parse(json) as { findings: Array<{ message: string }> }).findings.map((f) => f.message)).toEqual(
                findings.map((f) => f.message),
            );
            const sarif = [...sarifReport([report(findings)], policies, () => "mandatory", ROOT)].join("");
            expect(sarif, `${count}`).toBe(`${JSON.stringify(JSON.parse(sarif), null, 2)}\n`);
        }
    });

    // 30,000 findings make reports of 11 MiB (json) and 27 MiB (sarif): many times the bound on one
    // piece, so a format written as one string fails it. (The time and memory of 200,000-resource
    // reports are measured by bench/largeReport.ts.)
    it("30,000 findings in every format: valid, written in pieces of bounded size", async () => {
        const findings = Array.from({ length: 30_000 }, (_, i) => finding(i));
        const reports = [report(findings)];
        for (const [format, pieces] of [
            ["json", jsonReport(reports)],
            ["sarif", sarifReport(reports, policies, () => "mandatory", ROOT)],
            ["text", textReport(reports)],
        ] as const) {
            let largest = 0;
            const chunks: Buffer[] = [];
            const sink = new Writable({
                highWaterMark: 16 * 1024,
                write(chunk: Buffer, _e, cb) {
                    largest = Math.max(largest, chunk.length);
                    chunks.push(chunk);
                    setImmediate(cb);
                },
            });
            await writePieces(pieces, sink);
            const text = Buffer.concat(chunks).toString("utf8");
            expect(largest, format).toBeLessThan(1024 * 1024);
            if (format === "text") {
                // One message but for each object's own address: one block per level, 20 addresses named.
                expect(text.match(/^ {8}- \[(mandatory|advisory)\]/gm)).toEqual(["        - [mandatory]", "        - [advisory]"]);
                expect(text).toContain("(aws_s3_object: 20000 resources)");
                // The list wrapped at 100 columns, read as one line.
                expect(text.replace(/\n {12}/g, " ")).toContain(
                    "aws_s3_object.o[28], aws_s3_object.o[29], … and 19980 more (the json format lists every one)",
                );
                expect(text).toContain('Each of these 20000 resources would call OBS over HTTP "with" \\ quotes');
                expect(text).toContain("Summary: 30000 policy violations (20000 mandatory, 10000 advisory) on 30000 resources.");
            } else {
                const doc = JSON.parse(text) as { findings?: unknown[]; runs?: Array<{ results: unknown[] }> };
                expect(doc.findings?.length ?? doc.runs?.[0]?.results.length, format).toBe(30_000);
            }
        }
        // A bound for a hang: 89 s seen at a load average of 20 on two cores.
    }, 300_000);
});

describe("text output shows input through printable()", () => {
    it("names, addresses, labels, preamble and versions escaped field by field; messages keep their line breaks", () => {
        const hostile = "a\u001b]0;owned\u0007b\rc\nFAKE\u202e";
        const text = renderText([
            report(
                [
                    finding(1, {
                        resource: `aws_s3_object.x["${hostile}"]`,
                        resourceName: `aws_s3_object.x["${hostile}"]`,
                        resourceType: `t${hostile}`,
                        policy: `p${hostile}`,
                        message: `first line ${hostile}\nsecond line`,
                    }),
                ],
                { preamble: [`\nChecking ${hostile} (Terraform 1.${hostile} plan)`], packLabel: `obs-sse@v${hostile}` },
            ),
        ]);
        expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
        expect(text.startsWith("\nChecking a\\u001b]0;owned\\u0007b\\rc\\nFAKE\\u202e (Terraform 1.")).toBe(true);
        // The subject line may be wrapped at a space (it is wider than 100 columns): read across the wrap.
        expect(text.replace(/\n +/g, " ")).toContain('(ta\\u001b]0;owned\\u0007b\\rc\\nFAKE\\u202e: aws_s3_object.x["a\\u001b]0;owned');
        // A message's own line breaks are kept, each line indented under its finding.
        expect(text).toContain("          first line a\\u001b]0;owned\\u0007b\\rc\n          FAKE\\u202e\n          second line\n");
        expect(text).not.toMatch(/^FAKE/m);
    });

    it("through the command: a for_each key, a provider key and terraform_version from a plan", async () => {
        const doc = JSON.parse(readFileSync(path.join(ROOT, "examples", "terraform", "count-for-each", "plan.json"), "utf8")) as {
            terraform_version: string;
            resource_changes: Array<{ address: string; index?: unknown }>;
        };
        doc.terraform_version = "1.9\u001b[2J\nFAKE";
        const rc = doc.resource_changes.find((x) => x.index === "alpha");
        if (!rc) throw new Error("fixture changed");
        rc.address = 'aws_s3_object.by_name["al\u001b[31mpha\nFAKE"]';
        rc.index = "al\u001b[31mpha\nFAKE";
        const file = path.join(scratch("esc"), "plan.json");
        writeFileSync(file, JSON.stringify(doc));
        const r = await run(file);
        expect(r.code).toBe(1);
        expect(r.stdout).not.toContain("\u001b");
        expect(r.stdout).not.toMatch(/^FAKE/m);
        // The heading wraps at 100 columns, where depends on the scratch path's length.
        expect(r.stdout.replace(/\s+/g, " ")).toContain("(Terraform 1.9\\u001b[2J\\nFAKE plan)");
    });

    it("a message longer than the bound is cut in text with a note; JSON carries it whole", () => {
        const long = `${"x".repeat(MAX_TEXT_MESSAGE_CHARS * 3)}\nend`;
        const lines = textMessageLines(long);
        expect(lines.join("\n").length).toBeLessThan(MAX_TEXT_MESSAGE_CHARS + 200);
        expect(lines[lines.length - 1]).toBe(
            `… (message cut at ${MAX_TEXT_MESSAGE_CHARS} of ${long.length} characters; the json and sarif formats carry it whole)`,
        );
        const text = renderText([report([finding(1, { message: long })])]);
        expect(text.length).toBeLessThan(MAX_TEXT_MESSAGE_CHARS + 1000);
        expect([...jsonReport([report([finding(1, { message: long })])])].join("")).toContain(
            `${"x".repeat(MAX_TEXT_MESSAGE_CHARS * 3)}\\nend`,
        );
        // Not between the halves of a surrogate pair.
        const emoji = `${"x".repeat(MAX_TEXT_MESSAGE_CHARS - 1)}🙂${"y".repeat(10)}`;
        expect(textMessageLines(emoji)[0]).toBe("x".repeat(MAX_TEXT_MESSAGE_CHARS - 1));
    });
});
