import { describe, expect, it } from "vitest";
import { parseHcl } from "../../cli/terraform/hcl/parser";
import { evaluate, EvalError, scopeOf, Unknown, type EvalScope, type HclValue } from "../../cli/terraform/hcl/evaluate";
import { Sensitive } from "../../policies/values";

/** Evaluates `text` as the expression of an attribute. */
async function evalText(text: string, scope: EvalScope = scopeOf({})): Promise<HclValue> {
    const tree = await parseHcl(`x = ${text}\n`);
    const attribute = tree.rootNode.namedChildren.find((n) => n?.type === "body")?.namedChildren.find((n) => n?.type === "attribute");
    if (!attribute) throw new Error("no attribute parsed");
    return evaluate(attribute, scope);
}

describe("HCL evaluate: basics", () => {
    it("evaluates literals, templates, references and conditionals", async () => {
        expect(await evalText('"a${1 + 2}b"')).toBe("a3b");
        expect(await evalText("true ? 1 : 2")).toBe(1);
        expect(await evalText("var.h", scopeOf({ var: { h: "x" } }))).toBe("x");
        expect(await evalText('"http://${var.h}"', scopeOf({ var: { h: new Unknown("var.h (no value given)") } }))).toEqual(
            new Unknown("var.h (no value given)"),
        );
        expect(await evalText('"http://${var.h}"', scopeOf({ var: { h: new Sensitive("x") } }))).toEqual(new Sensitive("http://x"));
        await expect(evalText('"a${null}"')).rejects.toBeInstanceOf(EvalError);
    });
});
