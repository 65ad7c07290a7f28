import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
    COPY_INTERFACES,
    EDITIONS,
    ENCRYPTIONS,
    type Encryption,
    INTERFACES,
    type Interface,
    MATRIX,
    OBJECT_INTERFACES,
    requirementFor,
} from "../policies/matrix";

// The seed's four tables, copied verbatim from the published page into a fixture, are parsed
// here independently of policies/matrix.ts, so a typo in either shows up as a failing cell.
interface SeedCell {
    table: number;
    row: number;
    iface: Interface;
    source?: Encryption;
    target: Encryption;
    protocols: string[];
    signatures: string[];
}

function encryptionOfLabel(label: string): Encryption {
    if (/^Non-encrypted (object|part)$/.test(label)) return "none";
    const m = /^(?:Object|Part) encrypted using (SSE-KMS|SSE-C)$/.exec(label);
    if (!m) throw new Error(`unexpected seed label ${label}`);
    return m[1] as Encryption;
}

function parseSeed(): SeedCell[] {
    const text = readFileSync(join(__dirname, "fixtures", "seed-tables.txt"), "utf8");
    const chunks = text.split(/^(?=Table \d )/m).filter((c) => c.trim() !== "");
    const cells: SeedCell[] = [];
    for (const chunk of chunks) {
        const lines = chunk.split("\n").map((l) => l.trim()).filter((l) => l !== "");
        const title = lines[0];
        const number = Number(/^Table (\d)/.exec(title)![1]);
        if (number <= 2) {
            const encryption: Encryption = /SSE-C-related/.test(title) ? "SSE-C" : "SSE-KMS";
            expect(lines.slice(1, 4)).toEqual(["Interface", "Transfer Protocol", "Authentication"]);
            const body = lines.slice(4);
            expect(body.length % 3).toBe(0);
            for (let i = 0; i < body.length; i += 3) {
                cells.push({
                    table: number, row: i / 3 + 1, iface: body[i] as Interface, target: encryption,
                    protocols: body[i + 1].split(" or "), signatures: body[i + 2].split(" or "),
                });
            }
        } else {
            const iface: Interface = /PUT Object - Copy/.test(title) ? "PUT Object - Copy" : "Upload Part - Copy";
            expect(lines[1]).toBe("Source Object");
            const body = lines.slice(5);
            expect(body.length % 4).toBe(0);
            for (let i = 0; i < body.length; i += 4) {
                cells.push({
                    table: number, row: i / 4 + 1, iface,
                    source: encryptionOfLabel(body[i]), target: encryptionOfLabel(body[i + 1]),
                    protocols: body[i + 2].split(" or "), signatures: body[i + 3].split(" or "),
                });
            }
        }
    }
    return cells;
}

const seed = parseSeed();

describe("matrix, otc-s3 edition (the seed)", () => {
    it("parses all four seed tables: 7 + 7 + 9 + 9 rows", () => {
        expect(seed.filter((c) => c.table === 1)).toHaveLength(7);
        expect(seed.filter((c) => c.table === 2)).toHaveLength(7);
        expect(seed.filter((c) => c.table === 3)).toHaveLength(9);
        expect(seed.filter((c) => c.table === 4)).toHaveLength(9);
    });

    it.each(seed.map((c) => [`table ${c.table} row ${c.row}: ${c.source ?? "-"} -> ${c.target} ${c.iface}`, c] as const))(
        "%s answers as the seed says",
        (_label, cell) => {
            const req = requirementFor(cell.iface, cell.target, cell.source);
            expect(req).toBeDefined();
            expect(req!.protocols).toEqual(cell.protocols);
            expect(req!.signatures).toEqual(cell.signatures);
            expect(req!.table.number).toBe(cell.table);
            expect(req!.row).toBe(cell.row);
            expect(req!.edition).toBe("otc-s3");
        },
    );

    it("defaults to the otc-s3 edition", () => {
        expect(requirementFor("PUT Object", "SSE-KMS")).toEqual(requirementFor("PUT Object", "SSE-KMS", undefined, "otc-s3"));
    });

    it("holds one table row per seed row and nothing more", () => {
        const m = MATRIX["otc-s3"];
        const rows = [...m.objectTables, ...m.copyTables].reduce((n, t) => n + t.rows.length, 0);
        expect(rows).toBe(seed.length);
    });
});

describe("every combination is answered or deliberately absent", () => {
    // What each edition leaves out, stated on purpose: no table covers unencrypted or SSE-OBS
    // single-object requests, and OTC's copy tables have no SSE-OBS rows.
    const expectedAbsent = (edition: string, iface: Interface, target: Encryption, source?: Encryption): boolean => {
        if ((OBJECT_INTERFACES as readonly string[]).includes(iface)) return target === "none" || target === "SSE-OBS";
        return edition !== "huawei-obs" && (target === "SSE-OBS" || source === "SSE-OBS");
    };
    for (const edition of EDITIONS) {
        it(`${edition}: answers exactly the expected set`, () => {
            let answered = 0;
            for (const iface of INTERFACES) {
                const sources: (Encryption | undefined)[] = (COPY_INTERFACES as readonly string[]).includes(iface) ? [...ENCRYPTIONS] : [undefined];
                for (const source of sources) {
                    for (const target of ENCRYPTIONS) {
                        const req = requirementFor(iface, target, source, edition);
                        expect(req === undefined, `${edition} ${iface} ${source}->${target}`).toBe(expectedAbsent(edition, iface, target, source));
                        if (req) answered++;
                    }
                }
            }
            expect(answered).toBe(edition === "huawei-obs" ? 7 * 2 + 16 * 2 : 7 * 2 + 9 * 2);
        });
    }
});

describe("native editions", () => {
    it("otc-obs keeps the seed's protocols and names only the OBS signature", () => {
        for (const cell of seed) {
            const req = requirementFor(cell.iface, cell.target, cell.source, "otc-obs")!;
            expect(req.protocols).toEqual(cell.protocols);
            expect(req.signatures).toEqual(["OBS"]);
            expect(req.table.number).toBe(cell.table);
        }
    });

    it("huawei-obs agrees with the seed's protocols on every OTC combination", () => {
        for (const cell of seed) {
            expect(requirementFor(cell.iface, cell.target, cell.source, "huawei-obs")!.protocols).toEqual(cell.protocols);
        }
    });

    it("huawei-obs adds SSE-OBS copy rows: HTTPS for a copied object, HTTP allowed for a copied part", () => {
        expect(requirementFor("PUT Object - Copy", "SSE-OBS", "none", "huawei-obs")).toMatchObject({ protocols: ["HTTPS"], table: { number: 3 }, row: 13 });
        expect(requirementFor("PUT Object - Copy", "SSE-KMS", "SSE-OBS", "huawei-obs")).toMatchObject({ protocols: ["HTTPS"], row: 3 });
        expect(requirementFor("PUT Object - Copy", "none", "SSE-OBS", "huawei-obs")).toMatchObject({ protocols: ["HTTP", "HTTPS"], row: 11 });
        expect(requirementFor("Upload Part - Copy", "SSE-OBS", "SSE-C", "huawei-obs")).toMatchObject({ protocols: ["HTTP", "HTTPS"], table: { number: 4 }, row: 16 });
        expect(requirementFor("Upload Part - Copy", "SSE-C", "SSE-OBS", "huawei-obs")).toMatchObject({ protocols: ["HTTPS"], row: 7 });
    });
});

describe("bad arguments", () => {
    const call = requirementFor as (...args: unknown[]) => unknown;
    it("requires a source for the copy interfaces", () => {
        expect(() => call("PUT Object - Copy", "SSE-KMS")).toThrow(/"PUT Object - Copy" copies an object, so the source object's encryption is required/);
        expect(() => call("Upload Part - Copy", "none")).toThrow(/source object's encryption is required/);
    });
    it("rejects a source for the other interfaces", () => {
        expect(() => call("PUT Object", "SSE-KMS", "none")).toThrow(/"PUT Object" does not copy an object, so a source encryption must not be given \(got "none"\)/);
    });
    it("names the unknown interface, encryption or edition and the accepted values", () => {
        expect(() => call("PUT object", "SSE-KMS")).toThrow(/unknown interface "PUT object"; expected one of "PUT Object"/);
        expect(() => call("PUT Object", "aws:kms")).toThrow(/unknown target encryption "aws:kms"; expected one of "none", "SSE-KMS", "SSE-C", "SSE-OBS"/);
        expect(() => call("PUT Object - Copy", "none", "AES256")).toThrow(/unknown source encryption "AES256"/);
        expect(() => call("PUT Object", "SSE-C", undefined, "aws")).toThrow(/unknown matrix edition "aws"; expected one of "otc-s3", "otc-obs", "huawei-obs"/);
    });
    it("returns frozen answers that callers cannot corrupt", () => {
        const req = requirementFor("PUT Object", "SSE-KMS")!;
        expect(Object.isFrozen(req)).toBe(true);
        expect(Object.isFrozen(req.protocols)).toBe(true);
    });
});
