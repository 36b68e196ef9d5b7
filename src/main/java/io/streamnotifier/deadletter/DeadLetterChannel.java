package io.streamnotifier.deadletter;

import java.time.Clock;

import io.streamnotifier.Masking;
import io.streamnotifier.ses.SendHeldException;
import io.streamnotifier.NotifierCounters;
import io.streamnotifier.stream.StreamHeaders;
import io.streamnotifier.stream.StreamRecordJson;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The end of the dead-letter channel: called once a record is given up, it writes a {@link DeadLetter} with the
 * original stream record (kept by the {@code describe-record} step, else the original body) to the
 * configured store and logs one line without personal data. If the store fails, the exception propagates so the
 * failure is not swallowed.
 */
public class DeadLetterChannel implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterChannel.class);

    private final DeadLetterStore store;
    private final NotifierCounters counters;
    private final Clock clock;
    private final RecentDeadLetters recent;

    public DeadLetterChannel(DeadLetterStore store, NotifierCounters counters, Clock clock) {
        this(store, counters, clock, null);
    }

    /** As above, also listing each dead letter stored in {@code recent} (the status page's list; may be null). */
    public DeadLetterChannel(DeadLetterStore store, NotifierCounters counters, Clock clock, RecentDeadLetters recent) {
        this.store = store;
        this.counters = counters;
        this.clock = clock;
        this.recent = recent;
    }

    /** Where the dead letters go. */
    public DeadLetterStore store() {
        return store;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Record record = exchange.getProperty(StreamHeaders.RECORD_PROPERTY, Record.class);
        if (record == null) {
            record = exchange.getMessage().getMandatoryBody(Record.class);
        }
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error instanceof SendHeldException held) {
            // not a failure of the record: the service stops while SES holds it back (it is read again at start),
            // or a replay meets SES refusing every send (the dead letter is kept). Told to the caller by a property,
            // not by throwing: an exception thrown here would reach Camel's fatal fallback handler and its stack
            // trace, for an outcome that is expected.
            LOG.info("not dead-lettered eventID={}: {}", record.eventID(), held.getMessage());
            exchange.setProperty(StreamHeaders.HELD_PROPERTY, held.getMessage());
            return;
        }
        int attempts = exchange.getProperty(StreamHeaders.ATTEMPT_PROPERTY, 1, Integer.class);
        String routeId = StreamHeaders.routeId(exchange);
        String table = exchange.getMessage().getHeader(StreamHeaders.TABLE, String.class);
        String sequenceNumber = record.dynamodb() == null ? null : record.dynamodb().sequenceNumber();
        DeadLetter deadLetter = new DeadLetter(
                routeId,
                table,
                record.eventID(),
                sequenceNumber,
                error == null ? null : error.getClass().getName(),
                error == null ? null : error.getMessage(),
                attempts,
                clock.instant(),
                StreamRecordJson.toJson(record));
        store.append(deadLetter);
        exchange.setProperty(StreamHeaders.DEAD_LETTERED_PROPERTY, true);
        counters.deadLettered(exchange);
        if (recent != null) {
            recent.add(deadLetter, error);
        }
        LOG.warn("dead-lettered route={} table={} eventID={} seq={} attempts={} reason={} store={}",
                routeId, table, record.eventID(), sequenceNumber, deadLetter.attempts(), Masking.reason(error),
                store.describe());
    }
}
