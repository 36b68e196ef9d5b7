package io.streamnotifier.stream.kcl;

/**
 * Work a route leaves running after a record's exchange has completed (the service writes a record's send-once
 * mark while the next record is sent), which must be finished before the batch may be checkpointed. The
 * {@code ddb-stream} consumer calls every bean of this type in the registry once it has routed a batch of a shard,
 * before the batch counts as done, whether the batch completed or stopped part-way.
 */
public interface BatchEnd {

    /** Returns once the work left running for the records of this shard that this route (its id) read is done. */
    void batchRouted(String routeId, String shardId);
}
