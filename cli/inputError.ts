// The error of bad input: the command exits 2 with its message. Kept in a module of its own (no
// imports) so that the command's start-up, which refuses bad input before it loads the policies,
// does not load the Terraform reader to have it. cli/terraform/plan.ts re-exports it.

/** A problem with an input file: the CLI exits 2 with this message (which never quotes the input). */
export class InputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InputError";
    }
}
