// Text that came from input (addresses, for_each keys, resource and provider names, versions) made
// safe to print on a terminal: control characters and the Unicode controls that reorder or hide
// text are written as escapes, so input cannot move the cursor, recolour the screen or fake a line.
// Applied where a name is read, never by searching rendered output.

/** C0 and C1 controls, DEL, and the bidirectional and zero-width format controls. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

function escapeOne(ch: string): string {
    switch (ch) {
        case "\n":
            return "\\n";
        case "\r":
            return "\\r";
        case "\t":
            return "\\t";
        default:
            return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
    }
}

/** `text` with every unprintable character escaped (`\n`, `\r`, `\t`, `\u001b`...). */
export function printable(text: string): string {
    return UNPRINTABLE.test(text) ? text.replace(UNPRINTABLE, escapeOne) : text;
}
