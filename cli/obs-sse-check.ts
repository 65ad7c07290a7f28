#!/usr/bin/env node
// obs-sse-check: the pack's OBS encryption rules on Terraform plans (`terraform show -json`) and
// Pulumi program directories, for CI.
//   obs-sse-check [--format text|json|sarif] [--config policy-config.json] [--output FILE] <input>...
// Exit codes: 0 no mandatory violation, 1 at least one, 2 bad usage or input.
import { existsSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { policies } from "../policies/registry";
import { loadConfig } from "./config";
import { checkPulumiPrograms } from "./harness";
import { mandatoryCount, renderJson, renderSarif, renderText, type Finding, type InputReport } from "./output";
import { checkPlan } from "./terraform/check";
import { InputError } from "./terraform/plan";
import { PACK_VERSION, TOOL_NAME } from "./version";

const FORMATS = ["text", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: ${TOOL_NAME} [--format text|json|sarif] [--config policy-config.json] [--output FILE] <input>...

Checks Terraform plans and Pulumi programs against the OBS server-side-encryption rules.

Inputs:
  plan.json        output of: terraform plan -out tfplan && terraform show -json tfplan > plan.json
  <directory>      a Pulumi program (a directory with Pulumi.yaml), previewed under mocks

Options:
  -f, --format     text (default: the policy section as pulumi preview prints it), json, sarif
  -c, --config     policy config, the same file as pulumi's --policy-pack-config
  -o, --output     write the report to FILE instead of standard output
  -h, --help       show this help
  -v, --version    show the version

Exit codes: 0 no mandatory violation, 1 at least one mandatory violation, 2 bad usage or input.`;

class UsageError extends Error {}

function parse(argv: string[]): { format: Format; config?: string; output?: string; inputs: string[] } | "help" | "version" {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: {
                format: { type: "string", short: "f", default: "text" },
                config: { type: "string", short: "c" },
                output: { type: "string", short: "o" },
                help: { type: "boolean", short: "h" },
                version: { type: "boolean", short: "v" },
            },
        });
    } catch (e) {
        throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const { values, positionals } = parsed;
    if (values.help) return "help";
    if (values.version) return "version";
    const format = values.format ?? "text";
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got ${JSON.stringify(format)}`);
    if (positionals.length === 0) throw new UsageError("no input given: name a Terraform plan JSON file or a Pulumi program directory");
    return { format: format as Format, config: values.config, output: values.output, inputs: positionals };
}

function isPulumiProgram(input: string): boolean {
    try {
        return statSync(input).isDirectory() && existsSync(path.join(input, "Pulumi.yaml"));
    } catch {
        return false;
    }
}

async function run(argv: string[]): Promise<number> {
    const args = parse(argv);
    if (args === "help") {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    if (args === "version") {
        process.stdout.write(`${TOOL_NAME} ${PACK_VERSION}\n`);
        return 0;
    }
    const config = loadConfig(args.config);
    const reports: InputReport[] = [];
    const programs = args.inputs.filter(isPulumiProgram);
    // Plans are read first, so that a bad plan fails before a pack process is started.
    const planReports = new Map<string, InputReport>();
    for (const input of args.inputs) {
        if (programs.includes(input)) continue;
        const { report, warnings } = await checkPlan(input, config);
        for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
        planReports.set(input, report);
    }
    const programReports = new Map<string, InputReport>();
    if (programs.length > 0) {
        const results = await checkPulumiPrograms(programs.map((p) => path.resolve(p)), config.file);
        programs.forEach((input, i) => {
            const r = results[i];
            const findings: Finding[] = r.diagnostics.map((d) => ({
                policy: d.policyName, enforcementLevel: d.enforcementLevel, severity: d.severity, resource: d.urn,
                resourceType: d.resourceType, resourceName: d.resourceName, message: d.message, input,
            }));
            programReports.set(input, {
                input,
                kind: "pulumi-program",
                resources: r.resourceCount,
                preamble: [
                    `\nPreviewing ${path.relative(process.cwd(), r.dir) || "."} (stack ${r.stack}): ${r.resourceCount} resources`,
                    ...r.remediated.map((x) => `    ~ ${x.policyName} remediated ${x.urn}`),
                ],
                packLabel: r.packLabel,
                findings,
            });
        });
    }
    for (const input of args.inputs) reports.push(planReports.get(input) ?? programReports.get(input)!);
    const text = args.format === "json" ? renderJson(reports) : args.format === "sarif" ? renderSarif(reports, policies, (name) => config.policies[name]?.enforcementLevel ?? "advisory") : renderText(reports);
    if (args.output) {
        try {
            writeFileSync(args.output, text);
        } catch (e) {
            const code = typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "write error";
            throw new InputError(`${args.output}: the report cannot be written (${code})`);
        }
    } else {
        process.stdout.write(text);
    }
    return mandatoryCount(reports) > 0 ? 1 : 0;
}

run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
}, (e: unknown) => {
    if (e instanceof UsageError) {
        process.stderr.write(`${TOOL_NAME}: ${e.message}\n\n${USAGE}\n`);
    } else if (e instanceof InputError) {
        process.stderr.write(`${TOOL_NAME}: ${e.message}\n`);
    } else {
        // A defect, not bad input: the stack helps a report, and names no input content.
        process.stderr.write(`${TOOL_NAME}: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    }
    process.exitCode = 2;
});
