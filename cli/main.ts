// obs-sse-check as a function: main(argv, io) runs the command on the given streams and resolves
// to its exit code (0 no mandatory violation, 1 at least one, 2 bad usage or input). Nothing runs
// on import, and the policies (with @pulumi/policy) are loaded only when something is checked, so
// that --help, --version and bad usage answer at once.
import * as path from "node:path";
import type { Readable, Writable } from "node:stream";
import { printable } from "../policies/printable";
import { parseCommandLine, USAGE, UsageError, type CommandLine } from "./args";
import type { ProgramResult } from "./harness";
import type { InputKind } from "./input";
import { InputError } from "./inputError";
import type { Finding, InputReport } from "./output";
import { StreamWriteError, writePieces } from "./streams";
import { PACK_VERSION, TOOL_NAME } from "./version";

export interface CommandIO {
    readonly stdout: Writable;
    readonly stderr: Writable;
    readonly stdin: Readable;
    /** The directory inputs and --output are resolved against (default: the process's). */
    readonly cwd?: string;
    /** The environment colour is decided from (NO_COLOR, FORCE_COLOR, TERM; default: the process's). */
    readonly env?: Readonly<Record<string, string | undefined>>;
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

/** A program's preview as the report of an input (`input` as given on the command line). */
export function programReport(input: string, r: ProgramResult, cwd: string): InputReport {
    const findings: Finding[] = r.diagnostics.map((d) => ({
        policy: d.policyName,
        enforcementLevel: d.enforcementLevel,
        severity: d.severity,
        resource: d.urn,
        resourceType: d.resourceType,
        resourceName: d.resourceName,
        message: d.message,
        input,
    }));
    return {
        input,
        kind: "pulumi-program",
        resources: r.resourceCount,
        heading: { shownAs: path.relative(cwd, r.dir) || ".", source: r.stackLabel },
        preamble: r.remediated.map((x) => `    ~ ${x.policyName} remediated ${x.urn}`),
        packLabel: r.packLabel,
        findings,
    };
}

async function check(args: CommandLine, io: CommandIO, cwd: string): Promise<number> {
    const { checkConfigFile, classifyInput, readStreamBounded, withInputs } = await import("./input.js");
    const { checkOutputTarget, writeFileAtomically } = await import("./atomicOutput.js");
    const { jsonReport, mandatoryCount, sarifReport } = await import("./output.js");
    const { colorWanted, textReport } = await import("./render/text.js");
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
    const { loadConfig } = await import("./config.js");
    const { checkDocumentInput } = await import("./documents.js");
    const config = loadConfig(args.config === undefined || cwd === process.cwd() ? args.config : path.resolve(cwd, args.config));
    const programs = args.inputs.filter((_, i) => kinds[i] === "pulumi-program");
    if (args.stack !== undefined && programs.length === 0)
        note(io.stderr, "warning: --stack applies to Pulumi program directories, and none is among the inputs\n");
    if (args.variables !== undefined && !kinds.includes("terraform-source"))
        note(
            io.stderr,
            "warning: --var and --var-file apply to Terraform configuration directories, and none is among the inputs (a plan holds its variables' values)\n",
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
        };
        for (const [i, input] of args.inputs.entries()) {
            if (kinds[i] === "pulumi-program") continue;
            const { report, warnings } =
                kinds[i] === "terraform-source"
                    ? await (await import("./terraform/source/check.js")).checkSourceInput(input, config, terraform)
                    : await checkDocumentInput(input, config, terraform);
            for (const w of warnings) note(io.stderr, `warning: ${printable(w)}\n`);
            planReports.set(input, report);
        }
        const programReports = new Map<string, InputReport>();
        if (programs.length > 0) {
            const { checkPulumiPrograms } = await import("./harness.js");
            const results = await checkPulumiPrograms(
                programs.map((p) => path.resolve(cwd, p)),
                config.file,
                { stack: args.stack },
            );
            programs.forEach((input, i) => {
                const result = results[i];
                // checkPulumiPrograms returns one result per directory; a missing one is reported below as "no report".
                if (result !== undefined) programReports.set(input, programReport(input, result, cwd));
            });
        }
        return args.inputs.map((input) => {
            const report = planReports.get(input) ?? programReports.get(input);
            if (report === undefined) throw new Error(`no report for input ${input}`);
            return report;
        });
    });
    const verdict = mandatoryCount(reports) > 0 ? 1 : 0;
    let pieces: Iterable<string>;
    if (args.format === "json") pieces = jsonReport(reports);
    else if (args.format === "sarif") {
        const { policies } = await import("../policies/registry.js");
        pieces = sarifReport(reports, policies, (name) => config.policies[name]?.enforcementLevel ?? "advisory", cwd);
    } else {
        const { policies } = await import("../policies/registry.js");
        // Colour only on the terminal the command writes to, never in a file.
        const color = args.output === undefined && colorWanted(io.stdout as { isTTY?: boolean }, io.env ?? process.env);
        pieces = textReport(reports, { color, descriptions: new Map(policies.map((p) => [p.name, p.description])) });
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
