package io.streamnotifier;

import java.time.Clock;
import java.time.Duration;

import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The {@code check-age} step: a record older than {@code notifier.max-record-age-seconds} is dead-lettered as
 * expired instead of being sent (as Lambda's MaximumRecordAgeInSeconds). Off when the maximum is 0.
 */
public class RecordAgeCheck implements Processor {

    private final Duration maxAge;
    private final Clock clock;

    public RecordAgeCheck(Duration maxAge, Clock clock) {
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws RecordExpiredException {
        if (maxAge.isZero() || maxAge.isNegative()) {
            return;
        }
        Duration age = age(exchange, clock);
        if (age != null && age.compareTo(maxAge) > 0) {
            throw new RecordExpiredException("expired: the record is " + age.toSeconds() + " s old, more than "
                    + "notifier.max-record-age-seconds (" + maxAge.toSeconds() + ")");
        }
    }

    /** How old the exchange's stream record is (from its ApproximateCreationDateTime), or null if unknown. */
    public static Duration age(Exchange exchange, Clock clock) {
        Record record = exchange.getProperty(StreamHeaders.RECORD_PROPERTY, Record.class);
        if (record == null || record.dynamodb() == null || record.dynamodb().approximateCreationDateTime() == null) {
            return null;
        }
        return Duration.between(record.dynamodb().approximateCreationDateTime(), clock.instant());
    }
}
