// Reads JUnit XML back, strictly, for the junit format's tests: a well-formedness check of the XML
// the format writes (declaration, elements, double-quoted attributes, text, the five predefined
// entities and character references; no comments, CDATA or DTD, which the format never writes),
// then the shape of the common JUnit schema (Jenkins' junit-10.xsd): testsuites > testsuite >
// testcase > failure | skipped | system-out, with the counts each element declares.

export interface XmlElement {
    readonly name: string;
    readonly attributes: Readonly<Record<string, string>>;
    readonly children: XmlElement[];
    text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
/** Characters XML 1.0 allows (the string is UTF-16: pairs are checked as pairs). */
const XML_CHAR = /^(?:[\t\n\r\u0020-\ud7ff\ue000-\ufffd]|[\ud800-\udbff][\udc00-\udfff])*$/;

function decodeEntities(text: string, at: number): string {
    return text.replace(/&([^;]*);|&/g, (whole, ref: string | undefined) => {
        if (ref === undefined) throw new Error(`XML: a bare & near offset ${at}`);
        if (ref === "amp") return "&";
        if (ref === "lt") return "<";
        if (ref === "gt") return ">";
        if (ref === "quot") return '"';
        if (ref === "apos") return "'";
        const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
        if (m === null) throw new Error(`XML: unknown entity ${whole} near offset ${at}`);
        return String.fromCodePoint(m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]));
    });
}

/** Parses the XML the junit format writes; throws on anything that is not well-formed. */
export function parseXml(xml: string): XmlElement {
    if (!XML_CHAR.test(xml)) throw new Error("XML: a character XML 1.0 does not allow");
    const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
    if (decl === null) throw new Error("XML: no declaration");
    let i = decl[0].length;
    const stack: XmlElement[] = [];
    let root: XmlElement | undefined;
    while (i < xml.length) {
        const lt = xml.indexOf("<", i);
        const text = xml.slice(i, lt < 0 ? xml.length : lt);
        if (text.includes(">")) throw new Error(`XML: a bare > near offset ${i}`);
        const top = stack[stack.length - 1];
        if (top !== undefined) top.text += decodeEntities(text, i);
        else if (text.trim() !== "") throw new Error(`XML: text outside the root near offset ${i}`);
        if (lt < 0) break;
        i = lt + 1;
        if (xml[i] === "/") {
            const m = NAME.exec(xml.slice(i + 1));
            const open = stack.pop();
            if (m === null || open === undefined || m[0] !== open.name || xml[i + 1 + m[0].length] !== ">")
                throw new Error(`XML: a closing tag that does not match near offset ${i}`);
            i += 1 + m[0].length + 1;
            continue;
        }
        const m = NAME.exec(xml.slice(i));
        if (m === null) throw new Error(`XML: not a tag near offset ${i}`);
        i += m[0].length;
        const attributes: Record<string, string> = {};
        for (;;) {
            const a = /^\s+([A-Za-z_][\w.-]*)="([^"<]*)"/.exec(xml.slice(i));
            if (a === null) break;
            if (a[1]! in attributes) throw new Error(`XML: attribute ${a[1]} twice`);
            attributes[a[1]!] = decodeEntities(a[2]!, i);
            i += a[0].length;
        }
        const end = /^\s*(\/?)>/.exec(xml.slice(i));
        if (end === null) throw new Error(`XML: a tag that does not end near offset ${i}`);
        i += end[0].length;
        const element: XmlElement = { name: m[0], attributes, children: [], text: "" };
        const parent = stack[stack.length - 1];
        if (parent !== undefined) parent.children.push(element);
        else if (root !== undefined) throw new Error("XML: two root elements");
        else root = element;
        if (end[1] !== "/") stack.push(element);
    }
    if (stack.length > 0 || root === undefined) throw new Error("XML: unclosed elements");
    return root;
}

const ALLOWED: Record<string, { attributes: string[]; required: string[]; children: string[] }> = {
    testsuites: {
        attributes: ["name", "tests", "failures", "errors", "skipped", "time", "disabled"],
        required: [],
        children: ["testsuite"],
    },
    testsuite: {
        attributes: ["name", "id", "tests", "failures", "errors", "skipped", "time", "timestamp", "hostname", "package", "disabled"],
        required: ["name", "tests"],
        children: ["properties", "testcase", "system-out", "system-err"],
    },
    testcase: {
        attributes: ["name", "classname", "assertions", "time", "status"],
        required: ["name", "classname"],
        children: ["skipped", "error", "failure", "system-out", "system-err"],
    },
    failure: { attributes: ["message", "type"], required: [], children: [] },
    skipped: { attributes: ["message"], required: [], children: [] },
    "system-out": { attributes: [], required: [], children: [] },
};

/** What does not follow the JUnit schema's shape, or []: elements, attributes, and the declared counts. */
export function junitProblems(root: XmlElement): string[] {
    const problems: string[] = [];
    const visit = (e: XmlElement, path: string) => {
        const spec = ALLOWED[e.name];
        if (spec === undefined) {
            problems.push(`${path}: element ${e.name} is not in the schema`);
            return;
        }
        for (const a of Object.keys(e.attributes))
            if (!spec.attributes.includes(a)) problems.push(`${path}: attribute ${a} is not allowed`);
        for (const a of spec.required) if (!(a in e.attributes)) problems.push(`${path}: attribute ${a} is required`);
        for (const [k, c] of e.children.entries()) {
            if (!spec.children.includes(c.name)) problems.push(`${path}/${c.name}[${k}]: not allowed in ${e.name}`);
            else visit(c, `${path}/${c.name}[${k}]`);
        }
    };
    if (root.name !== "testsuites") problems.push(`the root is ${root.name}, not testsuites`);
    visit(root, "/testsuites");
    const count = (e: XmlElement, what: "tests" | "failures" | "skipped") => {
        const cases = e.children.filter((c) => c.name === "testcase");
        if (what === "tests") return cases.length;
        const child = what === "failures" ? "failure" : "skipped";
        return cases.filter((c) => c.children.some((x) => x.name === child)).length;
    };
    let totals = { tests: 0, failures: 0, skipped: 0 };
    for (const suite of root.children) {
        for (const what of ["tests", "failures", "skipped"] as const) {
            const n = count(suite, what);
            if (suite.attributes[what] !== String(n))
                problems.push(`testsuite ${suite.attributes.name}: ${what}="${suite.attributes[what]}" but ${n}`);
            totals = { ...totals, [what]: totals[what] + n };
        }
    }
    for (const what of ["tests", "failures", "skipped"] as const)
        if (root.attributes[what] !== String(totals[what]))
            problems.push(`testsuites: ${what}="${root.attributes[what]}" but ${totals[what]}`);
    return problems;
}
