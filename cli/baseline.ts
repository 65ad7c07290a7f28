// --baseline FILE: an earlier `--format json` report of this command. Findings it holds (matched
// by fingerprint: policy, subject and cause, never a line number nor message text) are
// "unchanged" and do not count; the others are "new". Matching counts: a baseline with one
// finding of a fingerprint excuses one finding of it, so a second resource of the same address
// in another input is still new. A finding that was suppressed (and not expired) when the baseline
// was written is not taken into it: when its suppression expires, it counts again.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type Ajv from "ajv";
import { newSchemaCompiler } from "../engine/config";
import { describeSchemaErrors } from "../policies/configErrors";
import { readFileBounded } from "./input";
import { InputError } from "./inputError";
import { fingerprint } from "./output";
import type { InputReport } from "./report";
import { ROOT, TOOL_NAME } from "./version";

/** How many findings of each fingerprint the baseline holds. */
export type Baseline = ReadonlyMap<string, number>;

let validator: ReturnType<Ajv["compile"]> | undefined;

function validateReport(doc: unknown): readonly string[] {
    if (validator === undefined) {
        const schema = JSON.parse(readFileSync(path.join(ROOT, "schema", "obs-sse-check-report.schema.json"), "utf8")) as object;
        validator = newSchemaCompiler().compile(schema);
    }
    if (validator(doc)) return [];
    return describeSchemaErrors(validator.errors ?? []);
}

const HOW_TO_CREATE = `create it with: ${TOOL_NAME} --format json -o FILE <inputs>`;

/** At most this many schema errors are named. */
const MAX_LISTED_ERRORS = 5;

/** Reads and checks a baseline file (`file` as given on the command line, resolved by the input reader). */
export function readBaseline(file: string): Baseline {
    const bytes = readFileBounded(file);
    let doc: unknown;
    try {
        doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch {
        throw new InputError(`${file}: the baseline is not JSON text; ${HOW_TO_CREATE}`);
    }
    const errors = validateReport(doc);
    if (errors.length > 0) {
        const listed = errors.slice(0, MAX_LISTED_ERRORS).join("; ");
        throw new InputError(
            `${file}: the baseline is not a JSON report of ${TOOL_NAME}: ${listed}${errors.length > MAX_LISTED_ERRORS ? ` (and ${errors.length - MAX_LISTED_ERRORS} more)` : ""}; ${HOW_TO_CREATE}`,
        );
    }
    // The schema holds: the document is an object with a findings array of finding objects.
    const report = doc as { tool: { name: string }; findings: Array<{ fingerprint?: string; suppression?: { expired: boolean } }> };
    if (report.tool.name !== TOOL_NAME)
        throw new InputError(`${file}: tool.name: the baseline is not a report of ${TOOL_NAME}; ${HOW_TO_CREATE}`);
    const counts = new Map<string, number>();
    for (const [i, f] of report.findings.entries()) {
        if (f.fingerprint === undefined)
            throw new InputError(
                `${file}: findings.${i}.fingerprint is required: the baseline was written by a version without fingerprints; ${HOW_TO_CREATE}`,
            );
        if (f.suppression !== undefined && !f.suppression.expired) continue;
        counts.set(f.fingerprint, (counts.get(f.fingerprint) ?? 0) + 1);
    }
    return counts;
}

/** The reports with every finding's `baselineState` set: "unchanged" while the baseline has one of its fingerprint left. */
export function applyBaseline(reports: readonly InputReport[], baseline: Baseline): InputReport[] {
    const left = new Map(baseline);
    return reports.map((r) => ({
        ...r,
        findings: r.findings.map((f) => {
            const key = fingerprint(f);
            const n = left.get(key) ?? 0;
            if (n > 0) left.set(key, n - 1);
            return { ...f, baselineState: n > 0 ? ("unchanged" as const) : ("new" as const) };
        }),
    }));
}
