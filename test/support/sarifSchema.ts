// The published SARIF 2.1.0 schema (as @microsoft/jest-sarif ships it), compiled once.
import { readFileSync } from "node:fs";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as object;
// unicodeRegExp off: the published schema has a pattern (artifact "language") that is valid only without the u flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The problems of a SARIF log against the schema, or [] when it is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
    if (validate(log)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
}
