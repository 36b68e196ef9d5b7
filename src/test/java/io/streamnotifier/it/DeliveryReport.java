package io.streamnotifier.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How many e-mails each of a test's recipients got: the lost (none) and the duplicates (more than one). */
record DeliveryReport(int orders, int lost, int duplicates) {

    static DeliveryReport of(List<String> recipients) {
        Map<String, Integer> counts = new HashMap<>();
        for (SesMail mail : SesMail.all()) {
            for (String to : mail.to()) {
                counts.merge(to, 1, Integer::sum);
            }
        }
        int lost = 0;
        int duplicates = 0;
        for (String recipient : recipients) {
            int count = counts.getOrDefault(recipient, 0);
            if (count == 0) {
                lost++;
            } else {
                duplicates += count - 1;
            }
        }
        return new DeliveryReport(recipients.size(), lost, duplicates);
    }

    /** Appends one line to target/it-reports/delivery.md and prints it, so a run's figures can be read later. */
    void write(String test, String details) throws IOException {
        String line = String.format("| %s | %d | %d | %d | %s |%n", test, orders, lost, duplicates, details);
        Path report = Path.of("target", "it-reports", "delivery.md");
        Files.createDirectories(report.getParent());
        if (!Files.exists(report)) {
            Files.writeString(report, "| test | orders | lost | duplicates | details |\n|---|---|---|---|---|\n");
        }
        Files.writeString(report, line, java.nio.file.StandardOpenOption.APPEND);
        System.out.print("DELIVERY " + line);
    }
}
