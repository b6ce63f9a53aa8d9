package studio.loc.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop configuration (with every {@code spark.hadoop.*} setting, such as object-store credentials)
 * carried to the executors, which would otherwise see only their class path's defaults.
 */
final class HadoopConf implements Serializable {

    private static final long serialVersionUID = 1L;

    private final byte[] written;
    private transient Configuration conf;

    HadoopConf(Configuration conf) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            conf.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        this.written = bytes.toByteArray();
        this.conf = conf;
    }

    Configuration get() {
        if (conf == null) {
            Configuration read = new Configuration(false);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(written))) {
                read.readFields(in);
            } catch (IOException e) {
                throw new UncheckedIOException("the shipped Hadoop configuration is damaged", e);
            }
            conf = read;
        }
        return conf;
    }
}
