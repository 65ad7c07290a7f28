// Evaluates expression text with the evaluator under test, the way the tests compare it with Terraform.
import { firstSyntaxError, parseHcl } from "../../cli/terraform/hcl/parser";
import { evaluate, scopeOf, type EvalScope, type HclValue } from "../../cli/terraform/hcl/evaluate";
import { jsonEncode } from "../../cli/terraform/hcl/functions";
import { containsSensitive, findUnknown } from "../../cli/terraform/hcl/values";
import type { OracleResult } from "./terraformOracle";

/** Evaluates `text` as an attribute's expression (a newline after it, as a heredoc needs). */
export async function evalText(text: string, scope: EvalScope = scopeOf({})): Promise<HclValue> {
    const tree = await parseHcl(`x = ${text}\n`);
    const error = firstSyntaxError(tree);
    if (error) throw new Error(`the test expression does not parse (line ${error.line}, column ${error.column})`);
    const attribute = tree.rootNode.namedChildren.find((n) => n?.type === "body")?.namedChildren.find((n) => n?.type === "attribute");
    if (!attribute) throw new Error("no attribute parsed");
    return evaluate(attribute, scope);
}

/** The evaluator's result in the oracle's terms: JSON and sensitivity, or an error. */
export async function evalAsOracle(
    text: string,
): Promise<OracleResult | { kind: "unknown"; why: string } | { kind: "crash"; message: string }> {
    let value: HclValue;
    try {
        value = await evalText(text);
    } catch (e) {
        if (e instanceof Error && e.name === "EvalError") return { kind: "error" };
        return { kind: "crash", message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
    const unknown = findUnknown(value);
    if (unknown) return { kind: "unknown", why: unknown.why };
    return { kind: "value", json: jsonEncode(value), sensitive: containsSensitive(value) };
}
