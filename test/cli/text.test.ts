// The text report as a person reads it: findings of one cause as one block, each policy's
// description once, prose wrapped at 100 columns without breaking URLs, addresses or JSON, colour
// only on a terminal (NO_COLOR, FORCE_COLOR), and the closing line worded for plans or previews.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding, InputReport } from "../../cli/output";
import { closingLine, colorWanted, MAX_LISTED_RESOURCES, renderText, TEXT_WIDTH, wrapLine } from "../../cli/render/text";
import { Capture, runCommand } from "./runCommand";
import { at } from "../support/items";

const ROOT = path.resolve(__dirname, "../..");
const plan = (name: string) => path.join("examples", "terraform", name, "plan.json");

const DESCRIPTION = "Calls on encrypted objects must use the protocol the OBS SSE matrix allows.";
const descriptions = new Map([
    ["obs-sse-transfer-protocol", DESCRIPTION],
    ["obs-https-hardening", "Requests should use HTTPS."],
]);

/** A finding on `aws_s3_object.o[i]` whose message starts, as the pack writes it, with the description and the address. */
const finding = (i: number, extra: Partial<Finding> = {}): Finding => ({
    policy: "obs-sse-transfer-protocol",
    enforcementLevel: "mandatory",
    severity: "high",
    resource: `aws_s3_object.o[${i}]`,
    resourceType: "aws_s3_object",
    resourceName: `aws_s3_object.o[${i}]`,
    message: `${DESCRIPTION}\naws_s3_object.o[${i}] would call OBS over HTTP, which the matrix does not allow for:\n  - PUT Object on an SSE-KMS-encrypted object\nFix: set endpoints[0].s3 of provider "aws.obs" to https://obs.eu-de.otc.t-systems.com.`,
    input: "plan.json",
    ...extra,
});
const report = (findings: Finding[], extra: Partial<InputReport> = {}): InputReport => ({
    input: "plan.json",
    kind: "terraform-plan",
    resources: findings.length,
    preamble: [],
    packLabel: "obs-sse@v1",
    findings,
    ...extra,
});
const count = (text: string, part: string) => text.split(part).length - 1;
const columns = (line: string) => [...line].length;

describe("findings that share a cause are one block", () => {
    it("eight findings that differ only by their own address: one block naming the eight, one paragraph, one Fix", () => {
        const text = renderText([report(Array.from({ length: 8 }, (_, i) => finding(i)))], { descriptions });
        expect(count(text, "- [mandatory]")).toBe(1);
        expect(text).toContain("        - [mandatory]  obs-sse-transfer-protocol  (aws_s3_object: 8 resources)\n");
        expect(text.replace(/\n {12}/g, " ")).toContain(
            `Resources: ${Array.from({ length: 8 }, (_, i) => `aws_s3_object.o[${i}]`).join(", ")}\n`,
        );
        expect(text).toContain(
            "          Each of these 8 resources would call OBS over HTTP, which the matrix does not allow for:\n            - PUT Object",
        );
        expect(count(text, "Fix: set endpoints[0].s3")).toBe(1);
        expect(count(text, DESCRIPTION)).toBe(1);
        expect(text).toContain("Summary: 8 policy violations (8 mandatory, 0 advisory) on 8 resources.");
    });

    it("a message that differs elsewhere, another level or another policy is another block", () => {
        const findings = [
            finding(0),
            finding(1, { message: finding(1).message.replace("PUT Object", "HEAD Object") }),
            finding(2, { enforcementLevel: "advisory" }),
            finding(3, { policy: "obs-https-hardening" }),
            finding(4),
        ];
        const text = renderText([report(findings)], { descriptions });
        expect(text.match(/^ {8}- \[\w+\] {2}\S+ {2}\(.*\)$/gm)).toEqual([
            "        - [mandatory]  obs-sse-transfer-protocol  (aws_s3_object: 2 resources)",
            "        - [mandatory]  obs-sse-transfer-protocol  (aws_s3_object: aws_s3_object.o[1])",
            "        - [mandatory]  obs-https-hardening  (aws_s3_object: aws_s3_object.o[3])",
            "        - [advisory]  obs-sse-transfer-protocol  (aws_s3_object: aws_s3_object.o[2])",
        ]);
        // A lone finding keeps its own wording.
        expect(text).toContain("          aws_s3_object.o[1] would call OBS over HTTP");
    });

    it("without a cause, only a label the finding itself names is taken off: a name elsewhere in the message keeps findings apart", () => {
        const a = finding(0, { message: "the endpoint of aws_s3_object.o[0] is http" });
        const b = finding(1, { message: "the endpoint of aws_s3_object.o[1] is http" });
        // A Pulumi label (type token and quoted name) is known too.
        const p = (name: string): Finding => ({
            ...finding(0),
            resource: `urn:${name}`,
            resourceType: "aws:s3/bucketObjectv2:BucketObjectv2",
            resourceName: name,
            message: `aws:s3/bucketObjectv2:BucketObjectv2 "${name}": serverSideEncryption is "AES256".`,
        });
        const text = renderText([report([a, b, p("x"), p("y")])]);
        expect(count(text, "- [mandatory]")).toBe(3);
        expect(text).toContain(
            '(aws:s3/bucketObjectv2:BucketObjectv2: 2 resources)\n          Resources: x, y\n          Each of these 2 resources: serverSideEncryption is "AES256".\n',
        );
    });

    it("a cause groups findings whose messages differ: each wording once, the lines they all end with once", () => {
        const copy = finding(2, {
            message: `${DESCRIPTION}\naws_s3_object.o[2] would copy over HTTP:\n  - PUT Object - Copy\nFix: set endpoints[0].s3 of provider "aws.obs" to https://obs.eu-de.otc.t-systems.com.`,
            cause: "provider aws.obs over http",
        });
        const findings = [
            finding(0, { cause: "provider aws.obs over http" }),
            copy,
            finding(1, { cause: "provider aws.obs over http" }),
            finding(3, { cause: "provider aws.other over http" }),
        ];
        const text = renderText([report(findings)], { descriptions });
        expect(count(text, "- [mandatory]")).toBe(2);
        expect(text).toContain(
            [
                "        - [mandatory]  obs-sse-transfer-protocol  (aws_s3_object: 3 resources)",
                `          ${DESCRIPTION}`,
                "          Resources: aws_s3_object.o[0], aws_s3_object.o[1]",
                "          Each of these 2 resources would call OBS over HTTP, which the matrix does not allow for:",
                "            - PUT Object on an SSE-KMS-encrypted object",
                "          aws_s3_object.o[2] would copy over HTTP:",
                "            - PUT Object - Copy",
                '          Fix: set endpoints[0].s3 of provider "aws.obs" to https://obs.eu-de.otc.t-systems.com.',
                "        - [mandatory]  obs-sse-transfer-protocol  (aws_s3_object: aws_s3_object.o[3])",
            ].join("\n"),
        );
        // A cause is a key, never printed.
        expect(text).not.toContain("provider aws.obs over http");
    });

    it(`a block names at most ${MAX_LISTED_RESOURCES} resources and counts the rest`, () => {
        const text = renderText([report(Array.from({ length: 25 }, (_, i) => finding(i)))], { descriptions }).replace(/\n {12}/g, " ");
        expect(text).toContain("aws_s3_object.o[19], … and 5 more (the json format lists every one)\n");
        expect(text).not.toContain("aws_s3_object.o[20],");
    });

    it("each policy's description once per report, across inputs", () => {
        const text = renderText(
            [report([finding(0)]), report([finding(1, { message: finding(1).message.replace("PUT", "GET") })], { input: "other.json" })],
            { descriptions },
        );
        expect(count(text, DESCRIPTION)).toBe(1);
        // Without the descriptions, messages are shown whole.
        expect(count(renderText([report([finding(0)]), report([finding(1)])]), DESCRIPTION)).toBe(2);
    });

    it("a real plan: four objects behind one http provider are one block per policy", async () => {
        const r = await runCommand([plan("count-for-each")], { cwd: ROOT });
        expect(r.code).toBe(1);
        const blocks = r.stdout.match(/^ {8}- \[.*$/gm);
        expect(blocks).toEqual([
            "        - [mandatory]  obs-sse-transfer-protocol  (aws_s3_object: 4 resources)",
            "        - [advisory]  obs-https-hardening  (aws_s3_object: 4 resources)",
        ]);
        // The plan is read with the .tf files beside it, so each resource is listed with where it is written.
        const where = "examples/terraform/count-for-each/main.tf";
        expect(r.stdout).toContain(
            `          Resources: aws_s3_object.many[0] (${where}:24),\n            aws_s3_object.many[1] (${where}:24),\n` +
                `            aws_s3_object.by_name["alpha"] (${where}:33),\n            aws_s3_object.by_name["beta"] (${where}:33)\n`,
        );
        const alone = await runCommand(["--no-source", plan("count-for-each")], { cwd: ROOT });
        expect(alone.stdout).toContain(
            '          Resources: aws_s3_object.many[0], aws_s3_object.many[1], aws_s3_object.by_name["alpha"],\n            aws_s3_object.by_name["beta"]\n',
        );
        expect(r.stdout).toContain("          Each of these 4 resources would call OBS over HTTP");
        expect(count(r.stdout, 'Fix: set endpoints[0].s3 of provider "aws.obs"')).toBe(2);
        expect(count(r.stdout, "OBS interfaces called on encrypted objects must use")).toBe(1);
        // The json format still has the eight findings.
        const json = JSON.parse((await runCommand(["-f", "json", plan("count-for-each")], { cwd: ROOT })).stdout) as {
            findings: unknown[];
        };
        expect(json.findings).toHaveLength(8);
    });
});

describe("messages recorded in parts", () => {
    it("a plan's findings are shown from their own text: the whole message (description included) is not read again, and the text is the same", async () => {
        const { checkPlan } = await import("../../cli/terraform/check.js");
        const { loadConfig } = await import("../../cli/config.js");
        const { policies } = await import("../../policies/registry.js");
        const { report: checked } = await checkPlan(path.join(ROOT, plan("count-for-each")), loadConfig(undefined));
        const policyDescriptions = new Map(policies.map((p) => [p.name, p.description]));
        const expected = renderText([{ ...checked, findings: checked.findings.map((f) => ({ ...f })) }], {
            descriptions: policyDescriptions,
        });
        expect(count(expected, "Each of these 4 resources would call OBS over HTTP")).toBe(1);
        let reads = 0;
        // The same finding objects (their parts recorded by the plan check), each message read through a counter.
        const counted = checked.findings.map((f) => {
            const message = f.message;
            Object.defineProperty(f, "message", {
                get: () => {
                    reads++;
                    return message;
                },
            });
            return f;
        });
        expect(renderText([{ ...checked, findings: counted }], { descriptions: policyDescriptions })).toBe(expected);
        expect(counted.length).toBeGreaterThan(0);
        expect(reads).toBe(0);
    });
});

describe("lines fit 100 columns", () => {
    it("prose is wrapped at 100 columns, continuation lines indented, words never broken", () => {
        const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
        const lines = wrapLine(`Some ${words}`, "    ");
        expect(lines.length).toBeGreaterThan(3);
        for (const line of lines) expect(columns(line)).toBeLessThanOrEqual(TEXT_WIDTH);
        expect(at(lines, 0).startsWith("    Some word0")).toBe(true);
        for (const line of lines.slice(1)) expect(line).toMatch(/^ {6}word\d+/);
        expect(lines.join(" ").replace(/ +/g, " ")).toBe(`    Some ${words}`.replace(/ +/g, " "));
    });

    it("a URL, an address with a spaced key, a quoted name and a JSON statement are never split; one wider than the line stands alone", () => {
        const url = `https://obs.eu-de.otc.t-systems.com/${"p".repeat(120)}`;
        const address = 'module.store.aws_s3_object.by_name["a key with spaces"]';
        const statement = '{"Effect": "Deny", "Principal": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}';
        const text = `Fix: ${"x ".repeat(30)}see ${url} and ${address} of provider "aws.my obs" then add ${statement} to it.`;
        const lines = wrapLine(text, "  ");
        const joined = lines.map((l) => l.trim()).join("\n");
        expect(joined.split("\n")).toContain(url);
        expect(joined).toContain(address);
        expect(joined).toContain('"aws.my obs"');
        expect(joined).toContain(statement);
        for (const line of lines) if (!line.includes(url)) expect(columns(line)).toBeLessThanOrEqual(TEXT_WIDTH);
        // Under "Fix:", continuation lines hang under its text; under a "- " item, under the item's text.
        for (const line of lines.slice(1)) expect(line).toMatch(/^ {7}\S/);
        for (const line of wrapLine(`  - ${"call ".repeat(40)}`, "    ").slice(1)) expect(line).toMatch(/^ {8}\S/);
    });

    it("any line, astral characters included: lines fit by code points, only lone words overflow, and no word is lost", () => {
        // Pieces that move the count of code units away from the count of columns, and the lead spaces a wrap strips.
        const piece = fc.constantFrom("a", "bc", "é", "😀", "\u{1F512}x", " ", "  ", "word", "x".repeat(30), "-", "Fix:");
        fc.assert(
            fc.property(
                fc.array(piece, { maxLength: 80 }),
                fc.constantFrom("", "  ", "          "),
                fc.integer({ min: 20, max: 100 }),
                (pieces, indent, width) => {
                    const line = pieces.join("");
                    const lines = wrapLine(line, indent, width);
                    if (columns(indent + line) <= width) expect(lines).toEqual([indent + line]);
                    for (const out of lines) if (columns(out) > width) expect(out.trim().split(" ").length).toBe(1);
                    const words = (text: string) => text.split(" ").filter((w) => w !== "");
                    expect(words(lines.join(" "))).toEqual(words(indent + line));
                },
            ),
            { numRuns: 500 },
        );
    });

    it("the demo's shape: a whole report is within 100 columns but for unbreakable words", async () => {
        const r = await runCommand([plan("templated-endpoints"), plan("count-for-each"), plan("module-provider"), plan("otc-native")], {
            cwd: ROOT,
        });
        const wide = r.stdout.split("\n").filter((l) => columns(l) > TEXT_WIDTH);
        // Only lines that are one word after their indentation (none in these plans).
        for (const line of wide) expect(line.trim()).not.toContain(" ");
        expect(r.stdout.split("\n").length).toBeGreaterThan(20);
    });
});

describe("colour", () => {
    it("decided from the stream and the environment", () => {
        const tty = { isTTY: true };
        const pipe = { isTTY: false };
        expect(colorWanted(tty, {})).toBe(true);
        expect(colorWanted(pipe, {})).toBe(false);
        expect(colorWanted({}, {})).toBe(false);
        expect(colorWanted(tty, { NO_COLOR: "1" })).toBe(false);
        expect(colorWanted(tty, { NO_COLOR: "0" })).toBe(false);
        expect(colorWanted(tty, { NO_COLOR: "" })).toBe(true);
        expect(colorWanted(pipe, { FORCE_COLOR: "1" })).toBe(true);
        expect(colorWanted(pipe, { FORCE_COLOR: "" })).toBe(true);
        expect(colorWanted(tty, { FORCE_COLOR: "0" })).toBe(false);
        expect(colorWanted(tty, { FORCE_COLOR: "false" })).toBe(false);
        expect(colorWanted(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
        expect(colorWanted(tty, { TERM: "dumb" })).toBe(false);
        expect(colorWanted({ isTTY: false }, { TERM: "dumb", FORCE_COLOR: "1" })).toBe(true);
    });

    it("red mandatory, yellow advisory, dim details, bold Fix; input's own escapes stay escaped", () => {
        const hostile = "x\u001b[32mgreen\u001b]0;title\u0007";
        const text = renderText([report([finding(0, { resourceName: hostile }), finding(1, { enforcementLevel: "advisory" })])], {
            color: true,
            descriptions,
        });
        expect(text).toContain("\u001b[31m[mandatory]\u001b[39m");
        expect(text).toContain("\u001b[33m[advisory]\u001b[39m");
        expect(text).toContain(`\u001b[2m          ${DESCRIPTION}\u001b[22m`);
        expect(text).toContain("\u001b[1mFix:\u001b[22m set endpoints");
        expect(text).toContain("\n\u001b[31merror:\u001b[39m 1 mandatory policy violation in the plan\n");
        // Every escape in the output is one of ours (SGR colours); the name's are shown as text.
        expect(text.replace(/\u001b\[\d+m/g, "")).not.toContain("\u001b");
        expect(text).toContain("x\\u001b[32mgreen\\u001b]0;title\\u0007");
        // Without colour: no escape at all.
        expect(renderText([report([finding(0)])], { descriptions })).not.toContain("\u001b");
    });

    it("through the command: on a terminal, not in a pipe or a file; NO_COLOR and FORCE_COLOR honoured", async () => {
        const terminal = () => Object.assign(new Capture(), { isTTY: true });
        const colored = (s: string) => s.includes("\u001b[31m");
        const onTty = terminal();
        await runCommand([plan("delete")], { cwd: ROOT, stdout: onTty, env: {} });
        expect(colored(onTty.text)).toBe(true);
        const noColor = terminal();
        await runCommand([plan("delete")], { cwd: ROOT, stdout: noColor, env: { NO_COLOR: "1" } });
        expect(noColor.text).not.toContain("\u001b");
        expect(noColor.text).toContain("[mandatory]");
        const forcedOff = terminal();
        await runCommand([plan("delete")], { cwd: ROOT, stdout: forcedOff, env: { FORCE_COLOR: "0" } });
        expect(forcedOff.text).not.toContain("\u001b");
        expect((await runCommand([plan("delete")], { cwd: ROOT, env: {} })).stdout).not.toContain("\u001b");
        expect(colored((await runCommand([plan("delete")], { cwd: ROOT, env: { FORCE_COLOR: "1" } })).stdout)).toBe(true);
        // A file never gets colour, even forced.
        const out = path.join(mkdtempSync(path.join(tmpdir(), "obs-sse-color-")), "report.txt");
        await runCommand(["-o", out, plan("delete")], { cwd: ROOT, stdout: terminal(), env: { FORCE_COLOR: "3" } });
        expect(readFileSync(out, "utf8")).not.toContain("\u001b");
        // JSON never.
        expect((await runCommand(["-f", "json", plan("delete")], { cwd: ROOT, stdout: terminal(), env: { FORCE_COLOR: "1" } })).code).toBe(
            1,
        );
    });
});

describe("wording", () => {
    const mandatory = (n: number, kind: InputReport["kind"], input = "plan.json") =>
        report(
            Array.from({ length: n }, (_, i) => finding(i)),
            { kind, input },
        );

    it("plans say plan, previews say preview", () => {
        expect(closingLine([mandatory(1, "terraform-plan")])).toBe("error: 1 mandatory policy violation in the plan");
        expect(closingLine([mandatory(3, "terraform-plan"), mandatory(0, "terraform-plan", "b.json")])).toBe(
            "error: 3 mandatory policy violations in the plans",
        );
        expect(closingLine([mandatory(2, "pulumi-program")])).toBe("error: preview failed due to 2 mandatory policy violations");
        expect(closingLine([mandatory(2, "pulumi-program"), mandatory(1, "terraform-plan")])).toBe(
            "error: 3 mandatory policy violations: 1 in Terraform plans, 2 in Pulumi previews",
        );
        expect(closingLine([mandatory(0, "terraform-plan")])).toBeUndefined();
        // Every input kind is named, so a configuration, state or export that fails says so too.
        expect(closingLine([mandatory(1, "terraform-source")])).toBe("error: 1 mandatory policy violation in the configuration");
        expect(closingLine([mandatory(2, "terraform-state")])).toBe("error: 2 mandatory policy violations in the state");
        expect(closingLine([mandatory(1, "pulumi-stack-export"), mandatory(1, "terraform-source", "dir")])).toBe(
            "error: 2 mandatory policy violations: 1 in Terraform configurations, 1 in Pulumi stack exports",
        );
        expect(renderText([mandatory(2, "terraform-plan")])).not.toContain("preview");
    });

    it("headings count as the json format counts, in the singular for one", () => {
        const heading = (resources: number, providers: number | undefined, kind: InputReport["kind"] = "terraform-plan") =>
            renderText([
                report([], {
                    kind,
                    resources,
                    heading: {
                        shownAs: "x",
                        source: kind === "terraform-plan" ? "Terraform 1.9.0 plan" : "stack dev",
                        ...(providers !== undefined && { providers }),
                    },
                }),
            ]).split("\n")[1];
        expect(heading(1, 0)).toBe("Checking x (Terraform 1.9.0 plan): 1 resource");
        expect(heading(1, 1)).toBe("Checking x (Terraform 1.9.0 plan): 1 resource, a provider configuration");
        expect(heading(6, 1)).toBe("Checking x (Terraform 1.9.0 plan): 6 resources, 1 of them a provider configuration");
        expect(heading(6, 2)).toBe("Checking x (Terraform 1.9.0 plan): 6 resources, 2 of them provider configurations");
        expect(heading(1, undefined, "pulumi-program")).toBe("Previewing x (stack dev): 1 resource");
        expect(renderText([report([])])).toContain("Summary: no policy violations.");
        expect(renderText([report([finding(0)])])).toContain("Summary: 1 policy violation (1 mandatory, 0 advisory) on 1 resource.");
    });

    it("a program's heading: the resources the json format counts", async () => {
        const { programReport } = await import("../../cli/main.js");
        const r = programReport(
            "prog",
            {
                dir: path.join(ROOT, "prog"),
                stack: "dev",
                stackConfigFile: undefined,
                stackLabel: "stack dev: no stack config was read",
                resourceCount: 1,
                packLabel: "obs-sse@v1",
                remediated: [],
                diagnostics: [],
            },
            ROOT,
        );
        expect(renderText([r]).split("\n")[1]).toBe("Previewing prog (stack dev: no stack config was read): 1 resource");
    });
});
