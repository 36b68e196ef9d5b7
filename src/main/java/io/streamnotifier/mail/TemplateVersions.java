package io.streamnotifier.mail;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import freemarker.cache.TemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.Template;
import io.streamnotifier.mail.EmailRender.TemplateFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version of each template file the render step uses: its last-modified time and the start of its content's
 * SHA-256, as the template loader has it. A version not seen before for a file is logged once (loaded, or reloaded
 * after an edit), so the log says which template an e-mail was rendered with.
 */
final class TemplateVersions {

    private static final Logger LOG = LoggerFactory.getLogger(EmailRender.class);

    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final Map<Template, TemplateFile> described = Collections.synchronizedMap(new WeakHashMap<>());

    /** The template's file and version; a version not seen before for that file is logged. */
    public TemplateFile describe(Template template) {
        TemplateFile known = described.get(template);
        if (known != null) {
            return known;
        }
        String file = template.getSourceName();
        TemplateFile found = new TemplateFile(template.getName(), file, version(template.getConfiguration(), file));
        described.put(template, found);
        String before = versions.put(file, found.version());
        if (before == null) {
            LOG.info("template {} loaded: {}", file, found.version());
        } else if (!before.equals(found.version())) {
            LOG.info("template {} reloaded: {} (was {})", file, found.version(), before);
        }
        return found;
    }

    /** "modified TIME, sha256 PREFIX" of the file as the template loader has it now. */
    static String version(Configuration config, String file) {
        TemplateLoader loader = config.getTemplateLoader();
        try {
            Object source = loader.findTemplateSource(file);
            if (source == null) {
                return "version unknown";
            }
            try {
                long modified = loader.getLastModified(source);
                StringBuilder content = new StringBuilder();
                try (Reader reader = loader.getReader(source, StandardCharsets.UTF_8.name())) {
                    char[] buffer = new char[8192];
                    for (int n; (n = reader.read(buffer)) > 0;) {
                        content.append(buffer, 0, n);
                    }
                }
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(content.toString().getBytes(StandardCharsets.UTF_8));
                String hash = HexFormat.of().formatHex(digest).substring(0, 12);
                return (modified < 0 ? "" : "modified " + Instant.ofEpochMilli(modified) + ", ") + "sha256 " + hash;
            } finally {
                loader.closeTemplateSource(source);
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            return "version unknown (" + e.getClass().getSimpleName() + ")";
        }
    }
}
