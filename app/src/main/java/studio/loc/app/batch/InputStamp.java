package studio.loc.app.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Identifies a version of an input file by size and modification time, so a photo edited since the last run is
 * redone instead of skipped.
 */
record InputStamp(long size, long modifiedMillis) {

    static InputStamp of(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new InputStamp(attributes.size(), attributes.lastModifiedTime().toMillis());
    }
}
