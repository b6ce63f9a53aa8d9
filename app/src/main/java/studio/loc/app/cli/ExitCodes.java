package studio.loc.app.cli;

/** The command line's exit codes; one home so scripts, tests and docs agree. */
public final class ExitCodes {

    /** Everything was done. */
    public static final int OK = 0;
    /** Some files failed (listed on stderr and in the report); the rest was done. */
    public static final int SOME_FAILED = 1;
    /** Wrong usage, or the model/change cannot be used; nothing was done. */
    public static final int USAGE = 2;
    /** Cancelled (Ctrl-C); finished outputs are kept and a re-run resumes. Same as a shell's 128 + SIGINT. */
    public static final int CANCELLED = 130;

    private ExitCodes() {
    }
}
