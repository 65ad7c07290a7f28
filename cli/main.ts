// obs-sse-check as a function: main(argv, io) runs the command on the given streams and resolves
// to its exit code (0 no mandatory violation, 1 at least one, 2 bad usage or input). Nothing runs
// on import, and the policies (with @pulumi/policy) are loaded only when something is checked, so
// that --help, --version and bad usage answer at once.
import * as path from "node:path";
import type { Readable, Writable } from "node:stream";
import { printable } from "../policies/printable";
import { parseCommandLine, USAGE, UsageError, type CommandLine } from "./args";
import type { ProgramDiagnostic, ProgramResult } from "./harness";
import type { InputKind } from "./input";
import { InputError } from "./inputError";
import type { Finding, InputReport, Suppression } from "./output";
import { externalSuppression } from "./report";
import type { Stage } from "./pipeline";
import { StreamWriteError, writePieces } from "./streams";
import { PACK_VERSION, TOOL_NAME } from "./version";
import { loadModule } from "./load";
import type * as InputModule from "./input";
import type * as ConfigModule from "./config";
import type * as PoliciesRegistryModule from "../policies/registry";
import type * as AtomicOutputModule from "./atomicOutput";
import type * as OutputModule from "./output";
import type * as RenderTextModule from "./render/text";
import type * as DocumentsModule from "./documents";
import type * as PipelineModule from "./pipeline";
import type * as BaselineModule from "./baseline";
import type * as TerraformSourceCheckModule from "./terraform/source/check";
import type * as TerraformBackendModule from "./terraform/backend";
import type * as HarnessModule from "./harness";
import type * as SuppressionsModule from "./suppressions";
import type * as TerraformHclParserModule from "./terraform/hcl/parser";
import type * as RenderJunitModule from "./render/junit";
import type * as RenderGithubModule from "./render/github";

/** The subject of findings about the stack as a whole (as policies/policy.ts names it, not loaded at start-up). */
const STACK_SUBJECT = "(stack)";

export interface CommandIO {
    readonly stdout: Writable;
    readonly stderr: Writable;
    readonly stdin: Readable;
    /** The directory inputs and --output are resolved against (default: the process's). */
    readonly cwd?: string;
    /** The environment colour is decided from (NO_COLOR, FORCE_COLOR, TERM; default: the process's). */
    readonly env?: Readonly<Record<string, string | undefined>>;
    /** The clock suppression expiries are judged by (default: the system's). */
    readonly now?: () => Date;
}

/** Writes text that is the whole answer (help, version); a closed stdout is not an error. */
async function answer(out: Writable, text: string): Promise<number> {
    try {
        await writePieces([text], out);
    } catch (e) {
        if (!(e instanceof StreamWriteError)) throw e;
    }
    return 0;
}

function note(err: Writable, text: string): void {
    if (!err.destroyed && !err.writableEnded) err.write(text);
}

export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
    const cwd = io.cwd ?? process.cwd();
    try {
        const args = parseCommandLine(argv);
        if (args === "help") return await answer(io.stdout, `${USAGE}\n`);
        if (args === "version") return await answer(io.stdout, `${TOOL_NAME} ${PACK_VERSION}\n`);
        if (args.list) return await answer(io.stdout, await policyList(args, cwd));
        return await check(args, io, cwd);
    } catch (e) {
        if (e instanceof UsageError) {
            note(io.stderr, `${TOOL_NAME}: ${e.message}\nRun '${TOOL_NAME} --help' for the options and inputs.\n`);
        } else if (e instanceof InputError) {
            // Messages name inputs, which may hold any character: escaped for the terminal.
            note(io.stderr, `${TOOL_NAME}: ${printable(e.message)}\n`);
        } else {
            // A defect, not bad input: the stack helps a report, and names no input content.
            note(io.stderr, `${TOOL_NAME}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        }
        return 2;
    }
}

/** The policies a pack configured with `config` runs: resource policies, and stack policies. */
export interface EnabledPolicies {
    readonly resource: readonly string[];
    readonly stack: readonly string[];
}

/**
 * A program's preview as the report of an input (`input` as given on the command line). With the
 * enabled policies, it says which judged which resource: all enabled resource policies but those
 * the check said do not apply, and the stack policies on the stack. A diagnostic checked in-process
 * carries its finding as a record (calls, fix, cause, and the exemption the check applied); one
 * from a pack process carries only text, and `exemptionOf` gives the exemption the pack applied.
 */
export function programReport(
    input: string,
    r: ProgramResult,
    cwd: string,
    enabled?: EnabledPolicies,
    exemptionOf: (d: ProgramDiagnostic) => Suppression | undefined = () => undefined,
): InputReport {
    const findings: Finding[] = r.diagnostics.map((d) => {
        const record = d.finding;
        const suppression = record !== undefined ? record.exemption && externalSuppression(record.exemption) : exemptionOf(d);
        const location = r.locations?.get(d.urn);
        return {
            policy: d.policyName,
            enforcementLevel: d.enforcementLevel,
            severity: d.severity,
            resource: d.urn || STACK_SUBJECT,
            resourceType: d.urn === "" ? "stack" : d.resourceType,
            resourceName: d.urn === "" ? STACK_SUBJECT : d.resourceName,
            message: d.message,
            input,
            ...(record !== undefined && { calls: record.calls, ...(record.fix !== undefined && { fix: record.fix }), cause: record.cause }),
            // Where the program constructs the resource, relative to the working directory.
            ...(location !== undefined && { location: { ...location, file: path.relative(cwd, path.resolve(r.dir, location.file)) } }),
            ...(suppression !== undefined && { suppression }),
        };
    });
    return {
        input,
        kind: "pulumi-program",
        resources: r.resourceCount,
        heading: { shownAs: path.relative(cwd, r.dir) || ".", source: r.stackLabel },
        preamble: r.remediated.map((x) => `    ~ ${x.policyName} remediated ${x.urn}`),
        packLabel: r.packLabel,
        findings,
        ...(enabled !== undefined &&
            r.analyzed !== undefined && {
                checked: [
                    ...r.analyzed.map((a) => ({ subject: a.urn, policies: enabled.resource.filter((p) => !a.notApplicable.includes(p)) })),
                    ...(enabled.stack.length > 0 ? [{ subject: STACK_SUBJECT, policies: enabled.stack }] : []),
                ],
            }),
    };
}

/** --list: the policies with their level (as --config sets it), severity and documentation link. */
async function policyList(args: CommandLine, cwd: string): Promise<string> {
    const { checkConfigFile } = await loadModule<typeof InputModule>("./input.js");
    if (args.config !== undefined) checkConfigFile(args.config, cwd);
    const { loadConfig } = await loadModule<typeof ConfigModule>("./config.js");
    const { policies } = await loadModule<typeof PoliciesRegistryModule>("../policies/registry.js");
    const config = loadConfig(args.config === undefined || cwd === process.cwd() ? args.config : path.resolve(cwd, args.config));
    const rows = policies.map((p) => ({
        name: p.name,
        enforcementLevel: config.policies[p.name]?.enforcementLevel ?? p.enforcementLevel,
        severity: p.severity,
        url: p.url,
        description: p.description,
    }));
    if (args.format === "json") return `${JSON.stringify({ policies: rows }, null, 2)}\n`;
    const width = Math.max(...rows.map((r) => r.name.length), "POLICY".length) + 2;
    const line = (name: string, level: string, severity: string, url: string) =>
        `${name.padEnd(width)}${level.padEnd(11)}${severity.padEnd(10)}${url}`.trimEnd();
    return (
        [
            line("POLICY", "LEVEL", "SEVERITY", "DOCUMENTATION"),
            ...rows.map((r) => line(r.name, r.enforcementLevel, r.severity, r.url)),
        ].join("\n") + "\n"
    );
}

/** Source files as text, each read once (bounded, UTF-8), by path relative to the working directory. */
function sourceReader(readFileBounded: (file: string) => Buffer): (file: string) => string {
    const read = new Map<string, string>();
    return (file) => {
        let text = read.get(file);
        if (text === undefined) {
            const bytes = readFileBounded(file);
            try {
                text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
            } catch {
                throw new InputError(`${file}: is not UTF-8 text, as Terraform requires of .tf files`);
            }
            read.set(file, text);
        }
        return text;
    };
}

async function check(args: CommandLine, io: CommandIO, cwd: string): Promise<number> {
    const { checkConfigFile, classifyInput, readFileBounded, readStreamBounded, withInputs } =
        await loadModule<typeof InputModule>("./input.js");
    const { checkOutputTarget, writeFileAtomically } = await loadModule<typeof AtomicOutputModule>("./atomicOutput.js");
    const { jsonReport, sarifReport } = await loadModule<typeof OutputModule>("./output.js");
    const { colorWanted, textReport } = await loadModule<typeof RenderTextModule>("./render/text.js");
    // Every input is looked at (stat, nothing opened) before anything is read or loaded.
    const kinds: InputKind[] = args.inputs.map((input) => classifyInput(input, cwd));
    if (args.config !== undefined) checkConfigFile(args.config, cwd);
    if (kinds.filter((k) => k === "stdin").length > 1) throw new UsageError("- (standard input) is named more than once");
    if (args.output !== undefined) {
        const read = args.inputs.filter((input, i) => kinds[i] === "terraform-plan");
        checkOutputTarget(args.output, args.config === undefined ? read : [...read, args.config], cwd);
    }
    let stdin: Buffer | undefined;
    if (kinds.includes("stdin")) {
        if ((io.stdin as { isTTY?: boolean }).isTTY === true)
            throw new InputError("-: standard input is a terminal; pipe a plan into it (terraform show -json tfplan | obs-sse-check -)");
        stdin = await readStreamBounded(io.stdin, "standard input");
    }
    // Loaded now, not at start-up: the policies, @pulumi/policy and the Terraform reader.
    const { loadConfig } = await loadModule<typeof ConfigModule>("./config.js");
    const { checkDocumentInput } = await loadModule<typeof DocumentsModule>("./documents.js");
    const { policies } = await loadModule<typeof PoliciesRegistryModule>("../policies/registry.js");
    const pipeline = await loadModule<typeof PipelineModule>("./pipeline.js");
    const policyNames = policies.map((p) => p.name);
    const selected = pipeline.selectPolicies(policyNames, args.policies, args.skipPolicies);
    const config = pipeline.withSelection(
        loadConfig(args.config === undefined || cwd === process.cwd() ? args.config : path.resolve(cwd, args.config)),
        policyNames,
        selected,
    );
    const enabled = (p: (typeof policies)[number]) => config.policies[p.name]?.enforcementLevel !== "disabled";
    const enabledPolicies: EnabledPolicies = {
        resource: policies.filter((p) => "check" in p && enabled(p)).map((p) => p.name),
        stack: policies.filter((p) => "checkStack" in p && enabled(p)).map((p) => p.name),
    };
    const programs = args.inputs.filter((_, i) => kinds[i] === "pulumi-program");
    if (args.stack !== undefined && programs.length === 0)
        note(io.stderr, "warning: --stack applies to Pulumi program directories, and none is among the inputs\n");
    // The baseline is read before any input is checked: a bad one fails fast.
    const baseline =
        args.baseline === undefined
            ? undefined
            : await withInputs({ cwd }, async () =>
                  (await loadModule<typeof BaselineModule>("./baseline.js")).readBaseline(args.baseline!),
              );
    if (args.backendConfigs.length > 0 && !kinds.includes("terraform-source"))
        note(
            io.stderr,
            "warning: --backend-config applies to directories of .tf files and to plans read with their configuration; plan JSON itself does not carry the backend configuration\n",
        );
    if (args.variables !== undefined && !kinds.includes("terraform-source"))
        note(
            io.stderr,
            "warning: --var and --var-file apply to Terraform configuration directories and to the configuration a state is read with; a plan holds its variables' values\n",
        );
    const reports = await withInputs({ cwd, stdin }, async () => {
        // Plans are read first, so that a bad plan fails before a pack process is started.
        const planReports = new Map<string, InputReport>();
        const terraform = {
            cwd,
            env: io.env ?? process.env,
            ...(args.variables !== undefined && { variables: args.variables }),
            ...(args.source !== undefined && { source: args.source }),
            ...(args.noSource === true && { noSource: true }),
            backendConfigs: args.backendConfigs,
        };
        for (const [i, input] of args.inputs.entries()) {
            if (kinds[i] === "pulumi-program") continue;
            if (kinds[i] === "terraform-source") {
                const { checkSourceInput } = await loadModule<typeof TerraformSourceCheckModule>("./terraform/source/check.js");
                const { withBackend } = await loadModule<typeof TerraformBackendModule>("./terraform/backend.js");
                const source = await checkSourceInput(input, config, terraform);
                for (const w of source.warnings) note(io.stderr, `warning: ${printable(w)}\n`);
                // The directory's state backend, judged beside its resources.
                planReports.set(
                    input,
                    await withBackend(source.report, path.resolve(cwd, input), args.backendConfigs, config, cwd, io.env ?? process.env),
                );
                continue;
            }
            const { report, warnings } = await checkDocumentInput(input, config, terraform);
            for (const w of warnings) note(io.stderr, `warning: ${printable(w)}\n`);
            planReports.set(input, report);
        }
        const programReports = new Map<string, InputReport>();
        if (programs.length > 0) {
            const { checkPulumiPrograms } = await loadModule<typeof HarnessModule>("./harness.js");
            const results = await checkPulumiPrograms(
                programs.map((p) => path.resolve(cwd, p)),
                config.file,
                { ...(args.stack !== undefined && { stack: args.stack }) },
            );
            programs.forEach((input, i) => {
                const result = results[i];
                // checkPulumiPrograms returns one result per directory; a missing one is reported below as "no report".
                if (result !== undefined) programReports.set(input, programReport(input, result, cwd, enabledPolicies));
            });
        }
        const checked = args.inputs.map((input) => {
            const report = planReports.get(input) ?? programReports.get(input);
            if (report === undefined) throw new Error(`no report for input ${input}`);
            return report;
        });
        // check → in-source suppressions → baseline → selection; then the threshold and a renderer.
        const { utcDate } = await loadModule<typeof SuppressionsModule>("./suppressions.js");
        const stages: Stage[] = [
            pipeline.suppressionStage({
                readSource: sourceReader(readFileBounded),
                // The HCL parser (WebAssembly) loads only when a file holds a directive.
                parse: async (text) => (await loadModule<typeof TerraformHclParserModule>("./terraform/hcl/parser.js")).parseHcl(text),
                today: utcDate((io.now ?? (() => new Date()))()),
                policyNames,
            }),
        ];
        if (baseline !== undefined) stages.push(pipeline.baselineStage(baseline));
        stages.push(pipeline.selectionStage(selected));
        return pipeline.runStages(checked, stages);
    });
    const verdict = pipeline.exitCodeOf(reports, args.failOn);
    let pieces: Iterable<string>;
    if (args.format === "json") pieces = jsonReport(reports);
    else if (args.format === "sarif") {
        pieces = sarifReport(reports, policies, (name) => config.policies[name]?.enforcementLevel ?? "advisory", cwd, {
            exitCode: verdict,
        });
    } else if (args.format === "junit") {
        const { junitReport } = await loadModule<typeof RenderJunitModule>("./render/junit.js");
        pieces = junitReport(reports, { failOn: args.failOn, descriptions: new Map(policies.map((p) => [p.name, p.description])) });
    } else if (args.format === "github") {
        const { githubReport } = await loadModule<typeof RenderGithubModule>("./render/github.js");
        pieces = githubReport(reports, cwd);
    } else {
        // Colour only on the terminal the command writes to, never in a file.
        const color = args.output === undefined && colorWanted(io.stdout as { isTTY?: boolean }, io.env ?? process.env);
        pieces = textReport(reports, {
            color,
            descriptions: new Map(policies.map((p) => [p.name, p.description])),
            failOn: args.failOn,
            ...(args.baseline !== undefined && { baseline: args.baseline }),
        });
    }
    if (args.output !== undefined) {
        await writeFileAtomically(path.resolve(cwd, args.output), args.output, (out) => writePieces(pieces, out));
        return verdict;
    }
    try {
        await writePieces(pieces, io.stdout);
    } catch (e) {
        if (!(e instanceof StreamWriteError)) throw e;
        // A reader that stopped reading (`| head`): the verdict stands, nothing more to say.
        if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") return verdict;
        throw new InputError(`standard output: the report cannot be written (${e.code})`);
    }
    return verdict;
}
