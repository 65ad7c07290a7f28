// The JSON report's published schema (schema/obs-sse-check-report.schema.json), compiled once:
// every JSON report the tests produce is checked against it.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { at } from "./items";

const SCHEMA_FILE = path.resolve(__dirname, "../../schema/obs-sse-check-report.schema.json");
const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as object);

/** The problems of a JSON report against the schema, or [] when it is valid. */
export function reportSchemaErrors(text: string): string[] {
    const doc: unknown = JSON.parse(text);
    if (validate(doc)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
}

/** Throws when a JSON report does not follow the schema. */
export function assertValidJsonReport(text: string): void {
    const errors = reportSchemaErrors(text);
    if (errors.length > 0)
        throw new Error(`the JSON report does not follow schema/obs-sse-check-report.schema.json: ${errors.slice(0, 5).join("; ")}`);
}

/** Whether command-line arguments ask for the JSON format on standard output. */
export function asksForJsonOnStdout(args: readonly string[]): boolean {
    let json = false;
    // --list prints the policies, not a report.
    if (args.includes("--list")) return false;
    for (let i = 0; i < args.length; i++) {
        const a = at(args, i);
        if (a === "-o" || a === "--output" || a.startsWith("--output=") || (a.startsWith("-o") && a.length > 2)) return false;
        if ((a === "-f" || a === "--format") && args[i + 1] === "json") json = true;
        if (a === "-f=json" || a === "--format=json" || a === "-fjson") json = true;
    }
    return json;
}
