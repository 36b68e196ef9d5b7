package io.streamnotifier.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamnotifier.it.support.LocalServers;

/**
 * One e-mail as the SES emulator received and parsed it (GET /store); {@code replyTo} is the message's Reply-To
 * header (empty without one).
 */
public record SesMail(String messageId, String from, List<String> to, String subject, String text, String html,
        List<String> replyTo) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static List<SesMail> all() {
        URI store = LocalServers.sesEndpoint().resolve("/store");
        JsonNode body;
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(store).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + store + " answered " + response.statusCode());
            }
            body = MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<SesMail> mails = new ArrayList<>();
        for (JsonNode email : body.path("emails")) {
            List<String> to = new ArrayList<>();
            email.path("destination").path("to").forEach(t -> to.add(t.asText()));
            List<String> replyTo = new ArrayList<>();
            email.path("replyTo").forEach(r -> replyTo.add(r.asText()));
            mails.add(new SesMail(email.path("messageId").asText(), email.path("from").asText(), to,
                    email.path("subject").asText(), email.path("body").path("text").asText(null),
                    email.path("body").path("html").asText(null), replyTo));
        }
        return mails;
    }
}
