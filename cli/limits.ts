// Bounds on what obs-sse-check reads (a module of constants, for the help text without the reader).

export const MAX_INPUT_MIB = 512;
/** Plans (files and standard input) over this many bytes are refused. */
export const MAX_INPUT_BYTES = MAX_INPUT_MIB * 1024 * 1024;
