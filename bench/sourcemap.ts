// Just enough of the source map v3 format to turn a position in bin/**/*.js back into the .ts
// source position, for the profile report.
import * as fs from "node:fs";
import * as path from "node:path";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function decodeVlq(segment: string): number[] {
    const out: number[] = [];
    let value = 0;
    let shift = 0;
    for (const ch of segment) {
        const digit = B64.indexOf(ch);
        if (digit < 0) continue;
        value += (digit & 31) << shift;
        if (digit & 32) {
            shift += 5;
        } else {
            out.push(value & 1 ? -(value >>> 1) : value >>> 1);
            value = 0;
            shift = 0;
        }
    }
    return out;
}

interface Segment {
    readonly genCol: number;
    readonly source: number;
    readonly line: number;
    readonly col: number;
}

export interface SourcePosition {
    readonly file: string;
    /** 1-based. */
    readonly line: number;
}

export class SourceMap {
    private readonly lines: Segment[][] = [];
    private readonly sources: string[];

    constructor(mapFile: string) {
        const raw = JSON.parse(fs.readFileSync(mapFile, "utf8")) as { sources: string[]; sourceRoot?: string; mappings: string };
        const base = path.dirname(mapFile);
        this.sources = raw.sources.map((s) => path.resolve(base, raw.sourceRoot ?? "", s));
        let source = 0;
        let line = 0;
        let col = 0;
        for (const text of raw.mappings.split(";")) {
            const segs: Segment[] = [];
            let genCol = 0;
            for (const part of text.split(",")) {
                if (!part) continue;
                const f = decodeVlq(part);
                genCol += f[0];
                if (f.length >= 4) {
                    source += f[1];
                    line += f[2];
                    col += f[3];
                    segs.push({ genCol, source, line, col });
                }
            }
            this.lines.push(segs);
        }
    }

    /** The source position of 0-based generated line and column. */
    lookup(line: number, column: number): SourcePosition | undefined {
        const segs = this.lines[line];
        if (!segs || segs.length === 0) return undefined;
        let best = segs[0];
        for (const s of segs) {
            if (s.genCol <= column) best = s;
            else break;
        }
        return { file: this.sources[best.source], line: best.line + 1 };
    }
}

const cache = new Map<string, SourceMap | null>();

/** The map of a compiled file, when it has one next to it. */
export function sourceMapFor(jsFile: string): SourceMap | undefined {
    let m = cache.get(jsFile);
    if (m === undefined) {
        try {
            m = fs.existsSync(`${jsFile}.map`) ? new SourceMap(`${jsFile}.map`) : null;
        } catch {
            m = null;
        }
        cache.set(jsFile, m);
    }
    return m ?? undefined;
}
