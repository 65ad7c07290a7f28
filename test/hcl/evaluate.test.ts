// The evaluator on hand-written cases (test/hcl/cases.ts, whose expectations the differential test
// checks against Terraform), and on what Terraform cannot show offline: unknown values, scopes,
// error positions and messages.
import { describe, expect, it } from "vitest";
import { childScope, evaluate, EvalError, scopeOf, Unknown, type EvalScope, type HclValue } from "../../cli/terraform/hcl/evaluate";
import { parseHcl } from "../../cli/terraform/hcl/parser";
import { containsSensitive, findUnknown } from "../../cli/terraform/hcl/values";
import { jsonEncode } from "../../cli/terraform/hcl/functions";
import { Sensitive } from "../../policies/values";
import { CASES } from "./cases";
import { evalText } from "./evalText";

async function outcome(text: string, scope?: EvalScope): Promise<{ json: string; sensitive: boolean } | "error"> {
    try {
        const value = await evalText(text, scope);
        return { json: jsonEncode(value), sensitive: containsSensitive(value) };
    } catch (e) {
        if (e instanceof EvalError) return "error";
        throw e;
    }
}

describe("HCL evaluate: hand-written cases (Terraform's results)", () => {
    it.each(CASES.map((c) => [c.text, c] as const))("%s", async (_text, c) => {
        const result = await outcome(c.text);
        if (c.expected === "error") expect(result).toBe("error");
        else {
            expect(result).not.toBe("error");
            const { json, sensitive } = result as { json: string; sensitive: boolean };
            expect(JSON.parse(json)).toEqual(JSON.parse(c.expected));
            expect(sensitive).toBe(c.sensitive ?? false);
        }
    });
});

const unknownHost = new Unknown("var.obs_host (no value given)");
const scope = scopeOf({
    var: { obs_host: unknownHost, region: "eu-de", secret: new Sensitive("k"), ports: [80, 443], tags: { b: "2", a: "1" } },
    local: { nothing: null },
    aws_kms_key: { k: { arn: new Unknown("aws_kms_key.k.arn (known after apply)") } },
});

async function value(text: string): Promise<HclValue> {
    return evalText(text, scope);
}

describe("HCL evaluate: references and unknown values", () => {
    it("reads references through the scope", async () => {
        expect(await value("var.region")).toBe("eu-de");
        expect(await value('"obs.${var.region}.otc.t-systems.com"')).toBe("obs.eu-de.otc.t-systems.com");
        expect(await value("var.ports[1]")).toBe(443);
        expect(await value("[for k, v in var.tags: k]")).toEqual(["a", "b"]);
    });
    it("an undeclared name is an error that try() does not hide", async () => {
        await expect(value("nothing.here")).rejects.toThrow(/undeclared name "nothing"/);
        await expect(value('try(nothing.here, "x")')).rejects.toBeInstanceOf(EvalError);
        await expect(value("var.missing")).rejects.toThrow(/no attribute named "missing"/);
    });
    it("an unknown input makes what is built from it unknown, keeping the reason", async () => {
        for (const text of [
            '"http://${var.obs_host}"',
            "upper(var.obs_host)",
            'var.obs_host == "x"',
            "var.obs_host.attr",
            "[for x in var.obs_host: x]",
            "aws_kms_key.k.arn",
        ]) {
            const v = await value(text);
            expect(v, text).toBeInstanceOf(Unknown);
        }
        expect(await value('"http://${var.obs_host}"')).toEqual(unknownHost);
        expect(await value("aws_kms_key.k.arn")).toEqual(new Unknown("aws_kms_key.k.arn (known after apply)"));
    });
    it("an unknown condition makes a conditional unknown; known parts stay known", async () => {
        expect(await value('var.obs_host == "" ? "a" : "b"')).toBeInstanceOf(Unknown);
        expect(await value('false && var.obs_host == ""')).toBe(false);
        expect(await value('true || var.obs_host == ""')).toBe(true);
        expect(await value('length([var.obs_host, "x"])')).toBe(2);
        const partial = await value('["x", var.obs_host]');
        expect(findUnknown(partial)).toEqual(unknownHost);
    });
    it("try() and can() are unknown over unknown values (Terraform cannot tell yet whether they fail)", async () => {
        expect(await value('try(var.obs_host, "fallback")')).toBeInstanceOf(Unknown);
        expect(await value("can(var.obs_host)")).toBeInstanceOf(Unknown);
        expect(await value('try(local.nothing.x, "fallback")')).toBe("fallback");
    });
    it("functions that are not evaluated are unknown, naming the function", async () => {
        expect(await value('file("x.txt")')).toEqual(new Unknown("function file() is not evaluated"));
        expect(await value("timestamp()")).toEqual(new Unknown("function timestamp() is not evaluated"));
        expect(await value('provider::aws::arn_parse("x")')).toEqual(
            new Unknown("provider function provider::aws::arn_parse() is not evaluated"),
        );
        expect(await value('"${uuid()}-x"')).toEqual(new Unknown("function uuid() is not evaluated"));
    });
    it("format() with a null argument is unknown, as in Terraform", async () => {
        expect(await value('format("%s", local.nothing)')).toBeInstanceOf(Unknown);
    });
});

describe("HCL evaluate: sensitive values", () => {
    it("stay sensitive through templates, functions, conditionals and collections", async () => {
        expect(await value('"https://${var.secret}/x"')).toEqual(new Sensitive("https://k/x"));
        expect(await value("upper(var.secret)")).toEqual(new Sensitive("K"));
        expect(await value('var.secret == "k" ? "a" : "b"')).toEqual(new Sensitive("a"));
        expect(await value("{ k = var.secret }.k")).toEqual(new Sensitive("k"));
        expect(await value("nonsensitive(var.secret)")).toBe("k");
        expect(containsSensitive(await value("[var.secret]"))).toBe(true);
    });
    it("an unknown built from a sensitive value is still sensitive", async () => {
        const v = await value('"${var.secret}${var.obs_host}"');
        expect(v).toBeInstanceOf(Sensitive);
        expect((v as Sensitive).value).toEqual(unknownHost);
    });
});

describe("HCL evaluate: scopes, positions, messages", () => {
    it("childScope adds names over a parent", async () => {
        const inner = childScope(scope, { each: { key: "a", value: 1 } });
        expect(await evalText('"${each.key}-${var.region}"', inner)).toBe("a-eu-de");
    });
    it("errors carry the 1-based position of the failing expression", async () => {
        const tree = await parseHcl("a = 1\nb = [\n  1,\n  {x = 1}.y\n]\n");
        const attribute = tree.rootNode.namedChildren[0]!.namedChildren[1]!;
        try {
            evaluate(attribute, scopeOf({}));
            expect.unreachable("no error");
        } catch (e) {
            expect(e).toBeInstanceOf(EvalError);
            expect((e as EvalError).line).toBe(4);
            expect((e as EvalError).column).toBe(10);
        }
    });
    it("messages name what is wrong, never the values", async () => {
        const secretScope = scopeOf({ var: { key: "hunter2-secret", list: ["hunter2-secret"] } });
        for (const text of [
            '"a${[var.key]}"',
            "var.key + 1",
            "var.list[5]",
            "{a = 1}[var.key]",
            "tonumber(var.key)",
            'regex("z", var.key)',
            "var.key.attr",
            "jsondecode(var.key)",
            "!var.key",
        ]) {
            try {
                await evalText(text, secretScope);
                expect.unreachable(`${text} evaluated`);
            } catch (e) {
                expect(e, text).toBeInstanceOf(EvalError);
                expect((e as EvalError).message, text).not.toContain("hunter2");
            }
        }
    });
    it("a literal key of an object is its name, not a reference", async () => {
        expect(await evalText("{ var = 1 }.var")).toBe(1);
    });
    it("an expression with a syntax error is an error, not a guess", async () => {
        const tree = await parseHcl('x = "a${1 +}"\n');
        const attribute = tree.rootNode.namedChildren[0]!.namedChildren[0]!;
        expect(() => evaluate(attribute, scopeOf({}))).toThrow(EvalError);
    });
});
