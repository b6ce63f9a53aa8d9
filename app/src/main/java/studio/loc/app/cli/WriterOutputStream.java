package studio.loc.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Bytes (UTF-8) written by code that logs to a {@link java.io.PrintStream}, passed on to a command's writer line by
 * line, so training logs land where the command's other messages go (and where tests capture them).
 */
final class WriterOutputStream extends OutputStream {

    private final PrintWriter writer;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    WriterOutputStream(PrintWriter writer) {
        this.writer = writer;
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            flush();
        }
    }

    @Override
    public synchronized void flush() {
        // Only whole characters reach the writer: a line ends in '\n', which never splits a UTF-8 sequence.
        writer.write(line.toString(StandardCharsets.UTF_8));
        writer.flush();
        line.reset();
    }

    /** Leaves the writer open: it belongs to the command line. */
    @Override
    public void close() {
        flush();
    }
}
