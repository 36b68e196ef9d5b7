package io.streamnotifier.stream.kcl;

import org.apache.camel.spi.Metadata;

/** The headers the {@code ddb-stream} consumer sets on each exchange. */
public final class DdbStreamConstants {

    @Metadata(description = "The table whose stream the record was read from", javaType = "String")
    public static final String TABLE = "NotifierTable";
    @Metadata(description = "The shard the record was read from", javaType = "String")
    public static final String SHARD_ID = "NotifierShardId";

    private DdbStreamConstants() {
    }
}
