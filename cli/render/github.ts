// The github format: GitHub Actions workflow commands that annotate the pull request, one line
// per finding that counts: `::error` for mandatory, `::warning` for advisory, at the finding's
// location (file, line, column) where it is known, else on the input file. Findings that do not
// count (suppressed, or in the baseline) are not annotated: a pull request shows what is new; one
// closing ::notice counts them.
// Escaping is GitHub's (toolkit's command.ts): in the message `%`, `\r` and `\n`; in properties
// also `:` and `,`. Text from input is made printable first, line by line.
import * as path from "node:path";
import { printable } from "../../policies/printable";
import { counts, isSuppressed, type Finding, type InputReport } from "../report";
import { TOOL_NAME } from "../version";

/** A message as workflow commands need it: `%`, CR and LF escaped. */
export function escapeData(text: string): string {
    return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value (file, title): also `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
    return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * The file an annotation without a location is placed on: the input file (a program's
 * Pulumi.yaml), relative to cwd; none for standard input and for a directory of .tf files.
 */
function inputFile(r: InputReport, cwd: string): string | undefined {
    if (r.input === "-" || r.kind === "terraform-source") return undefined;
    const file = r.kind === "pulumi-program" ? path.join(r.input, "Pulumi.yaml") : r.input;
    return path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join("/");
}

function annotation(f: Finding, fallbackFile: string | undefined): string {
    const command = f.enforcementLevel === "mandatory" ? "error" : "warning";
    const props: string[] = [];
    if (f.location !== undefined) {
        props.push(`file=${escapeProperty(printable(f.location.file.split(path.sep).join("/")))}`);
        props.push(`line=${f.location.line}`, `col=${f.location.column}`);
    } else if (fallbackFile !== undefined) props.push(`file=${escapeProperty(printable(fallbackFile))}`);
    props.push(`title=${escapeProperty(`${f.policy} (${printable(f.resourceName)})`)}`);
    let message = f.message.split("\n").map(printable).join("\n");
    if (f.suppression?.expired === true)
        message += `\nIts suppression expired after ${f.suppression.expires ?? "its last day"}, so it counts again.`;
    return `::${command} ${props.join(",")}::${escapeData(message)}\n`;
}

/** The annotations, one line a piece. */
export function* githubReport(reports: readonly InputReport[], cwd: string = process.cwd()): Generator<string> {
    let suppressed = 0;
    let unchanged = 0;
    for (const r of reports) {
        const fallback = inputFile(r, cwd);
        for (const f of r.findings) {
            if (counts(f)) yield annotation(f, fallback);
            else if (isSuppressed(f)) suppressed++;
            else unchanged++;
        }
    }
    // What is not annotated is said once, so that a clean pull request does not hide it.
    if (suppressed + unchanged > 0) {
        const parts = [
            ...(suppressed > 0 ? [`${suppressed} suppressed`] : []),
            ...(unchanged > 0 ? [`${unchanged} unchanged from the baseline`] : []),
        ];
        yield `::notice title=${escapeProperty(TOOL_NAME)}::${escapeData(`Findings not annotated: ${parts.join(", ")} (the json format lists them).`)}\n`;
    }
}
