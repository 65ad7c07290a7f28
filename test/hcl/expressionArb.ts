// Generated HCL expressions for the differential test (test/hcl/differential.test.ts): mostly well
// typed (so that most evaluate to a value and the comparison is about values), sometimes not (so
// that errors are compared too). Numbers stay where JavaScript's doubles print as Terraform's
// arbitrary-precision numbers do: division only outside templates and string conversions.
import fc from "fast-check";

type Arb = fc.Arbitrary<string>;

const quote = (s: string) => `"${s}"`;

/** String literal bodies: plain text, escapes, $${ and %%{, text that converts to numbers and bools. */
const stringBody: Arb = fc.oneof(
    fc.constantFrom(
        "",
        "a",
        "b",
        "abc",
        "A b",
        "x-y",
        "Hello World",
        " pad ",
        "a,b,c",
        "1",
        "42",
        "2.5",
        "-3",
        "true",
        "false",
        "null",
        "é",
        "日本",
        "1e3",
    ),
    fc.constantFrom("\\n", "a\\tb", '\\"q\\"', "\\\\", "\\u00e9", "$${x}", "a%%{b}", "line\\nline", "<tag>&", "a b  c"),
    fc.stringMatching(/^[a-c ,.]{0,6}$/),
);
const stringLit: Arb = stringBody.map(quote);
// (Integers stay well below 2^53, where doubles are exact: larger ones are a documented gap.)
const intLit: Arb = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(100, 1000, 65535, 123456789)).map(String);
const decimalLit: Arb = fc.constantFrom("0.5", "1.5", "2.25", "10.75", "0.125", "3.0", "1.0");
const boolLit: Arb = fc.constantFrom("true", "false");

function heredoc(body: Arb, flush: boolean): Arb {
    return fc
        .tuple(fc.array(fc.tuple(fc.constantFrom("", "  ", "    ", "\t"), body), { minLength: 1, maxLength: 3 }), fc.constantFrom("", "  "))
        .map(([lines, closingIndent]) => {
            const text = lines.map(([indent, line]) => indent + line).join("\n");
            return `<<${flush ? "-" : ""}EOT\n${text}\n${closingIndent}EOT\n`;
        });
}

/** Expressions of one kind, at a depth. */
interface Gen {
    str(d: number): Arb;
    num(d: number): Arb;
    int(d: number): Arb;
    bool(d: number): Arb;
    list(d: number): Arb;
    map(d: number): Arb;
    any(d: number): Arb;
}

function weighted(d: number, leaf: Arb, ...deeper: (() => Arb)[]): Arb {
    if (d <= 0) return leaf;
    return fc.oneof({ arbitrary: leaf, weight: 2 }, ...deeper.map((f) => ({ arbitrary: fc.constant(null).chain(f), weight: 1 })));
}

const templateLiteralText = fc.constantFrom("", "a", " b ", "x-", "/", "  ", "\\n", "$${y}");

export const gen: Gen = {
    str(d) {
        return weighted(
            d,
            stringLit,
            () => fc.tuple(templateLiteralText, gen.str(d - 1), templateLiteralText).map(([a, e, b]) => `"${a}\${${e}}${b}"`),
            () => fc.tuple(templateLiteralText, gen.int(d - 1), gen.bool(d - 1)).map(([a, n, b]) => `"${a}\${${n}}-\${${b}}"`),
            () =>
                fc
                    .tuple(gen.bool(d - 1), templateLiteralText, templateLiteralText, fc.boolean(), fc.boolean())
                    .map(([c, a, b, l, r]) => `"<%{${l ? "~" : ""} if ${c} ${r ? "~" : ""}}${a}%{ else }${b}%{ endif ~}>"`),
            () =>
                fc
                    .tuple(gen.list(d - 1), fc.boolean())
                    .map(([l, k]) => (k ? `"%{ for i, v in ${l} }\${i}=\${v}, %{ endfor }"` : `"%{for v in ${l}~} [\${v}] %{~ endfor}"`)),
            () => fc.tuple(gen.bool(d - 1), gen.str(d - 1), gen.str(d - 1)).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
            () =>
                fc
                    .tuple(
                        fc.constantFrom("lower", "upper", "title", "trimspace", "chomp", "urlencode", "base64encode", "strrev", "tostring"),
                        gen.str(d - 1),
                    )
                    .map(([f, a]) => `${f}(${a})`),
            () =>
                fc
                    .tuple(fc.constantFrom("trimprefix", "trimsuffix", "trim"), gen.str(d - 1), stringLit)
                    .map(([f, a, b]) => `${f}(${a}, ${b})`),
            () =>
                fc
                    .tuple(gen.str(d - 1), gen.int(d - 1), fc.constantFrom("-1", "0", "1", "2", "10"))
                    .map(([s, o, l]) => `substr(${s}, ${o}, ${l})`),
            () => fc.tuple(stringLit, gen.list(d - 1)).map(([s, l]) => `join(${s}, ${l})`),
            () =>
                fc
                    .tuple(
                        gen.str(d - 1),
                        fc.constantFrom('"a"', '"b"', '" "', '","', '"/[a-c]/"', '"/(a)(b)?/"', '"/\\\\s+/"', '"/(?P<x>b)/"'),
                        fc.constantFrom('"X"', '""', '"$1"', '"<$${1}>"', '"$$"', '"$${x}"', '"$1x"'),
                    )
                    .map(([s, p, r]) => `replace(${s}, ${p}, ${r})`),
            () =>
                fc
                    .tuple(
                        fc.constantFrom(
                            '"%s"',
                            '"%v"',
                            '"%d"',
                            '"%5s|%-4s|"',
                            '"%q"',
                            '"%t"',
                            '"%.2f"',
                            '"%x"',
                            '"%03d"',
                            '"%#v"',
                            '"%v-%v"',
                            '"100%%"',
                            '"%e"',
                            '"%g"',
                            '"%+d"',
                            '"%b %o"',
                        ),
                        fc.array(gen.any(d - 1), { minLength: 0, maxLength: 2 }),
                    )
                    .map(([f, args]) => `format(${[f, ...args].join(", ")})`),
            () => fc.tuple(gen.str(d - 1), gen.str(d - 1)).map(([a, b]) => `coalesce(${a}, ${b})`),
            () => fc.tuple(fc.constantFrom("null", '""'), gen.str(d - 1)).map(([a, b]) => `coalesce(${a}, ${b})`),
            () => gen.any(d - 1).map((a) => `jsonencode(${a})`),
            () => gen.map(d - 1).map((m) => `lookup(${m}, "a", "none")`),
            () => gen.list(d - 1).map((l) => `element(${l}, 1)`),
            () =>
                fc
                    .tuple(fc.constantFrom('"[a-c]+"', '"(a)(b)"', '"(?P<first>[a-z])"', '"\\\\d+"', '"(?i)ABC"'), gen.str(d - 1))
                    .map(([p, s]) => `regex(${p}, ${s})`),
            () => gen.str(d - 1).map((s) => `base64decode(base64encode(${s}))`),
            () => gen.str(d - 1).map((s) => `sensitive(${s})`),
            () => gen.str(d - 1).map((s) => `nonsensitive(sensitive(${s}))`),
            () => fc.tuple(gen.any(d - 1), stringLit).map(([a, b]) => `try(${a}, ${b})`),
            () => fc.tuple(gen.int(d - 1), gen.str(d - 1)).map(([n, s]) => `indent(${n}, ${s})`),
            () => fc.tuple(gen.list(d - 1), gen.int(d - 1)).map(([l, i]) => `${l}[${i}]`),
            () => gen.map(d - 1).map((m) => `${m}.a`),
        );
    },
    int(d) {
        return weighted(
            d,
            intLit,
            () => fc.tuple(gen.int(d - 1), fc.constantFrom("+", "-", "*"), gen.int(d - 1)).map(([a, op, b]) => `${a} ${op} ${b}`),
            () =>
                fc
                    .tuple(
                        gen.int(d - 1),
                        fc.constantFrom("+", "-", "*", "%"),
                        gen.int(d - 1),
                        fc.constantFrom("+", "*", "-"),
                        gen.int(d - 1),
                    )
                    .map(([a, o1, b, o2, c]) => `${a} ${o1} ${b} ${o2} ${c}`),
            () => gen.int(d - 1).map((a) => `-${a}`),
            () => gen.any(d - 1).map((a) => `length(${a})`),
            () => fc.tuple(fc.constantFrom("min", "max"), gen.int(d - 1), gen.int(d - 1)).map(([f, a, b]) => `${f}(${a}, ${b})`),
            () => fc.constantFrom("abs", "ceil", "floor", "signum").chain((f) => gen.num(d - 1).map((a) => `${f}(${a})`)),
            () => gen.list(d - 1).map((l) => `sum(${l})`),
            () => fc.tuple(gen.list(d - 1), gen.any(d - 1)).map(([l, v]) => `index(${l}, ${v})`),
            () => gen.str(d - 1).map((s) => `tonumber(${s})`),
            () => fc.tuple(gen.bool(d - 1), gen.int(d - 1), gen.int(d - 1)).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
            () =>
                fc
                    .tuple(fc.constantFrom('"ff"', '"101"', '"-12"', '"z"'), fc.constantFrom("2", "10", "16", "36"))
                    .map(([s, b]) => `parseint(${s}, ${b})`),
        );
    },
    num(d) {
        return weighted(
            d,
            fc.oneof(intLit, decimalLit),
            () => gen.int(d),
            () => fc.tuple(gen.num(d - 1), fc.constantFrom("/", "*", "+", "%"), gen.num(d - 1)).map(([a, op, b]) => `(${a} ${op} ${b})`),
            () => fc.tuple(gen.num(d - 1), gen.int(d - 1)).map(([a, b]) => `pow(${a}, (${b}) % 4)`),
        );
    },
    bool(d) {
        return weighted(
            d,
            boolLit,
            () => fc.tuple(gen.any(d - 1), fc.constantFrom("==", "!="), gen.any(d - 1)).map(([a, op, b]) => `${a} ${op} ${b}`),
            () => fc.tuple(gen.num(d - 1), fc.constantFrom("<", "<=", ">", ">="), gen.num(d - 1)).map(([a, op, b]) => `${a} ${op} ${b}`),
            () =>
                fc
                    .tuple(gen.bool(d - 1), fc.constantFrom("&&", "||"), gen.bool(d - 1), fc.constantFrom("&&", "||"), gen.bool(d - 1))
                    .map(([a, o1, b, o2, c]) => `${a} ${o1} ${b} ${o2} ${c}`),
            () => gen.bool(d - 1).map((a) => `!${a}`),
            () =>
                fc
                    .tuple(fc.constantFrom("startswith", "endswith", "strcontains"), gen.str(d - 1), stringLit)
                    .map(([f, a, b]) => `${f}(${a}, ${b})`),
            () => fc.tuple(gen.list(d - 1), gen.any(d - 1)).map(([l, v]) => `contains(${l}, ${v})`),
            () => gen.any(d - 1).map((a) => `can(${a})`),
            () => fc.constantFrom("alltrue", "anytrue").chain((f) => gen.list(d - 1).map((l) => `${f}(${l})`)),
            () => gen.str(d - 1).map((s) => `tobool(${s})`),
            () =>
                fc
                    .tuple(gen.bool(d - 1), gen.bool(d - 1), gen.bool(d - 1), gen.bool(d - 1), gen.bool(d - 1))
                    .map(([a, b, c, x, y]) => `${a} ? ${b} : ${c} ? ${x} : ${y}`),
        );
    },
    list(d) {
        const leaf = fc.oneof(
            fc.array(fc.oneof(stringLit, intLit, boolLit), { maxLength: 4 }).map((xs) => `[${xs.join(", ")}]`),
            fc.array(stringLit, { maxLength: 4 }).map((xs) => `[${xs.join(", ")}]`),
            fc.array(intLit, { maxLength: 4 }).map((xs) => `[${xs.join(", ")}]`),
        );
        return weighted(
            d,
            leaf,
            () => fc.array(gen.any(d - 1), { maxLength: 3 }).map((xs) => `[${xs.join(", ")}]`),
            () => fc.tuple(gen.list(d - 1), gen.list(d - 1)).map(([a, b]) => `concat(${a}, ${b})`),
            () =>
                fc
                    .constantFrom("flatten", "distinct", "compact", "reverse", "sort", "tolist", "toset")
                    .chain((f) => gen.list(d - 1).map((l) => `${f}(${l})`)),
            () => fc.tuple(gen.list(d - 1), fc.constantFrom("0, 1", "1, 2", "0, 0", "2, 1")).map(([l, r]) => `slice(${l}, ${r})`),
            () => fc.constantFrom("keys", "values").chain((f) => gen.map(d - 1).map((m) => `${f}(${m})`)),
            () => fc.constantFrom("range(3)", "range(1, 4)", "range(5, 0, -2)", "range(0, 1, 0.25)", "range(0)"),
            () =>
                fc
                    .tuple(gen.list(d - 1), fc.constantFrom("v", "upper(v)", 'v == "a"', "v if v != 1", "[v]", "v if can(tonumber(v))"))
                    .map(([l, body]) => {
                        const [value, cond] = body.split(" if ");
                        return `[for v in ${l}: ${value}${cond ? ` if ${cond}` : ""}]`;
                    }),
            () =>
                fc
                    .tuple(gen.map(d - 1), fc.constantFrom("k", "v", '"${k}=${v}"', "[k, v]"))
                    .map(([m, body]) => `[for k, v in ${m}: ${body}]`),
            () => fc.tuple(gen.list(d - 1), gen.list(d - 1)).map(([a, b]) => `coalescelist(${a}, ${b})`),
            () =>
                fc
                    .tuple(fc.constantFrom('"%s!"', '"%v=%v"', '"<%d>"'), gen.list(d - 1), stringLit)
                    .map(([f, l, s]) => `formatlist(${f}, ${l}${f === '"%v=%v"' ? `, ${s}` : ""})`),
            () => fc.tuple(fc.constantFrom('","', '" "', '""'), gen.str(d - 1)).map(([sep, s]) => `split(${sep}, ${s})`),
            () =>
                fc
                    .tuple(fc.constantFrom('"[a-c]"', '"(a)(b)?"', '"(?P<k>[a-z])(?P<v>\\\\d)?"'), gen.str(d - 1))
                    .map(([p, s]) => `regexall(${p}, ${s})`),
            () => gen.list(d - 1).map((l) => `chunklist(${l}, 2)`),
            () => fc.tuple(gen.list(d - 1), fc.constantFrom("[*]", ".*")).map(([l, s]) => `(${l})${s}`),
            () =>
                fc
                    .tuple(
                        fc.constantFrom('[{a = 1}, {a = "x"}]', "[{a = [1, 2]}, {a = [3]}]", "null", '{a = "single"}', '"scalar"'),
                        fc.constantFrom("[*].a", ".*.a", "[*]", "[*].a[0]", ".*.a[0]", "[*].a.*", "[*][*]", ".*.a.0"),
                    )
                    .map(([v, s]) => `${v}${s}`),
            () => fc.tuple(gen.bool(d - 1), gen.list(d - 1), gen.list(d - 1)).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
        );
    },
    map(d) {
        const key = fc.oneof(
            fc.constantFrom("a", "b", "c", "key_1", "Z"),
            fc.constantFrom('"a"', '"b-c"', '"1"', '"10"', '"2"', '"__proto__"', '"with space"'),
        );
        const leaf = fc
            .uniqueArray(fc.tuple(key, fc.oneof(stringLit, intLit, boolLit)), { maxLength: 4, selector: ([k]) => k.replace(/"/g, "") })
            .map((es) => `{${es.map(([k, v]) => `${k} = ${v}`).join(", ")}}`);
        return weighted(
            d,
            leaf,
            () =>
                fc
                    .uniqueArray(fc.tuple(key, gen.any(d - 1)), { maxLength: 3, selector: ([k]) => k.replace(/"/g, "") })
                    .map((es) => `{${es.map(([k, v]) => `${k} = ${v}`).join("\n")}}`),
            () => fc.tuple(gen.str(d - 1), gen.any(d - 1)).map(([k, v]) => `{(${k}) = ${v}}`),
            () => fc.tuple(gen.map(d - 1), gen.map(d - 1)).map(([a, b]) => `merge(${a}, ${b})`),
            () => fc.tuple(gen.list(d - 1), gen.list(d - 1)).map(([a, b]) => `zipmap(${a}, ${b})`),
            () => gen.map(d - 1).map((m) => `tomap(${m})`),
            () =>
                fc
                    .tuple(
                        gen.list(d - 1),
                        fc.constantFrom("v => v", "tostring(v) => 1", "v => true...", "substr(v, 0, 1) => v...", 'v => v if v != "a"'),
                    )
                    .map(([l, body]) => `{for v in ${l}: ${body}}`),
            () =>
                fc
                    .tuple(gen.map(d - 1), fc.constantFrom("k => v", "upper(k) => v", "v => k..."))
                    .map(([m, body]) => `{for k, v in ${m}: ${body}}`),
            () => fc.tuple(gen.bool(d - 1), gen.map(d - 1), gen.map(d - 1)).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
            () => gen.str(d - 1).map((s) => `jsondecode(jsonencode({x = ${s}, y = [1, "2"]}))`),
            () => fc.constantFrom('jsondecode("{\\"b\\": 1, \\"a\\": [true, null]}")'),
        );
    },
    any(d) {
        return fc.oneof(gen.str(d), gen.int(d), gen.num(d), gen.bool(d), gen.list(d), gen.map(d), fc.constant("null"));
    },
};

/** Heredocs (not inside quoted templates, where HCL allows no newlines), alone or as a function's argument. */
function heredocArb(d: number): Arb {
    const body = (e: string) =>
        fc.constantFrom(
            `a \${${e}}`,
            "plain",
            "  deeper",
            "",
            " tail",
            "${1 + 1}",
            "%{ if true }yes%{ endif }",
            "%{ if false }no%{ else }yes%{ endif }",
            "%{ for x in [1, 2] ~}\n${x}\n%{~ endfor }",
            "  %{ if true ~}\n  kept\n  %{ endif ~}",
        );
    return fc
        .tuple(gen.str(d - 1), fc.boolean(), fc.constantFrom("", "upper", "trimspace", "chomp", "length"))
        .chain(([e, flush, f]) => heredoc(body(e), flush).map((h) => (f === "" ? h : `${f}(${h})`)));
}

/** Functions whose results have types (sets, maps) that other generated expressions would mix with tuples. */
function typedResultArb(d: number): Arb {
    return fc.oneof(
        // (Not over generated lists: an empty list(string) from a function has a type the evaluator does not carry.)
        fc
            .tuple(fc.array(fc.oneof(stringLit, intLit), { minLength: 1, maxLength: 3 }), fc.constantFrom('"a"', "1"))
            .map(([l, s]) => `setunion([${l.join(", ")}], [${s}])`),
        fc.tuple(gen.list(d - 1), gen.list(d - 1)).map(([a, b]) => `setintersection(${a}, ${b})`),
        fc.tuple(gen.list(d - 1), gen.list(d - 1)).map(([a, b]) => `setsubtract(${a}, ${b})`),
        fc.tuple(gen.list(d - 1), gen.list(d - 1)).map(([a, b]) => `coalescelist(${a}, ${b})`),
        fc.tuple(gen.bool(d - 1), gen.list(d - 1), gen.list(d - 1)).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
        fc.constantFrom('transpose({a = ["1", "2"], b = ["2"]})', "transpose({})"),
    );
}

/** A generated expression of any kind, up to `depth` levels deep. */
export function expressionArb(depth = 3): Arb {
    return fc.oneof(
        typedResultArb(depth),
        gen.str(depth),
        gen.int(depth),
        gen.num(depth),
        gen.bool(depth),
        gen.list(depth),
        gen.map(depth),
        gen.any(depth),
        heredocArb(depth),
    );
}
