// Writing a report to a stream in pieces, with backpressure, and telling a closed pipe from other
// failures. Small and free of the renderers, so that --help and --version load no more than it.
import type { Writable } from "node:stream";

/** Thrown by writePieces when the stream fails (EPIPE on a closed pipe, ENOSPC ...); `code` is the system's. */
export class StreamWriteError extends Error {
    constructor(readonly code: string) {
        super(`write failed (${code})`);
        this.name = "StreamWriteError";
    }
}

/**
 * Writes `pieces` to `out` in batches of about 64 KiB, waiting for 'drain' when the stream asks,
 * and for the last write to be done. Rejects with StreamWriteError when the stream fails (and
 * stops pulling pieces).
 */
export async function writePieces(pieces: Iterable<string>, out: Writable): Promise<void> {
    const BATCH = 64 * 1024;
    let failure: StreamWriteError | undefined;
    const onError = (e: unknown) => {
        const code = typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : "write error";
        failure ??= new StreamWriteError(code);
    };
    out.on("error", onError);
    try {
        let batch = "";
        const flush = async (text: string) => {
            if (failure) throw failure;
            if (out.destroyed || out.writableEnded) throw new StreamWriteError("EPIPE");
            const ok = out.write(text);
            if (!ok && !failure) {
                await new Promise<void>((resolve) => {
                    const done = () => {
                        out.off("drain", done);
                        out.off("error", done);
                        out.off("close", done);
                        resolve();
                    };
                    out.on("drain", done);
                    out.on("error", done);
                    out.on("close", done);
                });
            }
            // Set by the stream listeners while the write waited (the compiler cannot see that).
            const late = failure as StreamWriteError | undefined;
            if (late) throw late;
        };
        for (const piece of pieces) {
            batch += piece;
            if (batch.length >= BATCH) {
                await flush(batch);
                batch = "";
            }
        }
        if (failure) throw failure;
        if (out.destroyed || out.writableEnded) throw new StreamWriteError("EPIPE");
        // The last write's callback: its error (if any) is known before this returns.
        await new Promise<void>((resolve, reject) => {
            out.write(batch, (e) =>
                e ? reject(failure ?? new StreamWriteError((e as NodeJS.ErrnoException).code ?? "write error")) : resolve(),
            );
        });
    } finally {
        out.off("error", onError);
    }
}
