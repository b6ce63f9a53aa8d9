package studio.loc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class EditPartitionTest {

    @Test
    void theSourcesEncodedPathColumnMatchesItsListing() {
        assertEquals(new Path("file:/data/summer sale/photo #1 50%.png").toString(),
                EditPartition.listedForm("file:///data/summer%20sale/photo%20%231%2050%25.png"));
        assertEquals(new Path("s3a://shop/photos/a b.jpg").toString(),
                EditPartition.listedForm("s3a://shop/photos/a%20b.jpg"));
    }
}
