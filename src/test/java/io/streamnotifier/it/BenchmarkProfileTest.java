package io.streamnotifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class BenchmarkProfileTest {

    private static final List<String> DELIVERY = List.of(
            "io.streamnotifier.stream.kcl.DdbStreamConsumer.route",
            "io.streamnotifier.stream.kcl.DdbStreamConsumer.deliver",
            "io.streamnotifier.stream.kcl.KeyOrderedBatch.run",
            "io.streamnotifier.stream.kcl.ShardProcessor.processRecords",
            "software.amazon.kinesis.lifecycle.ProcessTask.call");

    private static List<String> under(List<String> outer, String... inner) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(inner), outer.stream()).toList();
    }

    @Test
    void sdk_frames_under_the_mark_count_as_mark_not_as_send_or_read() {
        assertEquals("mark", BenchmarkProfile.phase(under(DELIVERY,
                "software.amazon.awssdk.http.apache.ApacheHttpClient.prepareRequest",
                "software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient.putItem",
                "io.streamnotifier.idempotency.DynamoDbSentStore.markSent",
                "io.streamnotifier.idempotency.SendOnce.markSent")));
    }

    @Test
    void the_ses_client_under_the_sender_counts_as_send() {
        assertEquals("send", BenchmarkProfile.phase(under(DELIVERY,
                "software.amazon.awssdk.protocols.query.internal.unmarshall.XmlDomParser.parse",
                "software.amazon.awssdk.services.ses.DefaultSesClient.sendRawEmail",
                "org.apache.camel.component.aws2.ses.Ses2Producer.process",
                "io.streamnotifier.ses.SesSender.sendOnce")));
    }

    @Test
    void writing_the_mime_message_counts_as_compose_even_inside_the_send() {
        assertEquals("compose", BenchmarkProfile.phase(under(DELIVERY,
                "jakarta.mail.internet.MimeBodyPart.writeTo",
                "org.apache.camel.component.aws2.ses.Ses2Producer.process",
                "io.streamnotifier.ses.SesSender.sendOnce")));
    }

    @Test
    void freemarker_counts_as_render_and_the_batch_look_up_as_look_up() {
        assertEquals("render", BenchmarkProfile.phase(under(DELIVERY,
                "freemarker.core.Environment.process", "io.streamnotifier.mail.EmailRender.render")));
        assertEquals("look-up", BenchmarkProfile.phase(List.of(
                "software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient.batchGetItem",
                "io.streamnotifier.idempotency.DynamoDbSentStore.sentAmong",
                "io.streamnotifier.idempotency.SendOnce.alreadyDone",
                "io.streamnotifier.stream.kcl.DdbStreamConsumer.lookAhead")));
    }

    @Test
    void camel_routing_is_other_but_the_kcl_alone_is_read_and_checkpoints_are_checkpoint() {
        assertEquals("other (Camel routing, logging, metrics)", BenchmarkProfile.phase(under(DELIVERY,
                "org.apache.camel.impl.engine.MDCUnitOfWork.prepareMDC",
                "org.apache.camel.processor.Pipeline.process")));
        assertEquals("read", BenchmarkProfile.phase(List.of(
                "com.amazonaws.services.dynamodbv2.streamsadapter.model.RecordAdapter.<init>",
                "software.amazon.kinesis.lifecycle.ProcessTask.call")));
        assertEquals("checkpoint", BenchmarkProfile.phase(List.of(
                "software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient.updateItem",
                "software.amazon.kinesis.checkpoint.ShardRecordProcessorCheckpointer.checkpoint",
                "io.streamnotifier.stream.kcl.ShardProcessor.checkpoint",
                "software.amazon.kinesis.lifecycle.ProcessTask.call")));
    }
}
