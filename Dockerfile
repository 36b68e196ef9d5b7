# syntax=docker/dockerfile:1
# stream-notifier: build the jar, then run it as a non-root user.
# Routes, templates, configuration and data are plain directories under /app, each mountable:
#   /app/routes     YAML routes (camel.main.routes-include-pattern = file:routes/*.camel.yaml)
#   /app/templates  FreeMarker templates (NOTIFIER_TEMPLATES_DIR)
#   /app/kamelets   the routes' building blocks, Kamelets (NOTIFIER_KAMELETS)
#   /app/config     optional application.properties overriding the packaged defaults (NOTIFIER_CONFIG)
#   /app/data       dead letters (NOTIFIER_DATA_DIR); a volume, so they survive the container

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
COPY src src
# -Dmaven.test.skip: the tests are not compiled either (they need the local servers and a browser, not the image)
RUN mvn -B -q -Dmaven.test.skip=true -DskipITs package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 notifier \
 && useradd --system --uid 10001 --gid notifier --home-dir /app --shell /usr/sbin/nologin notifier
WORKDIR /app
COPY --from=build /build/target/lib/ lib/
COPY --from=build /build/target/stream-notifier.jar stream-notifier.jar
COPY routes/ routes/
COPY templates/ templates/
COPY kamelets/ kamelets/
# JVM options (heap, serial GC, stacks: docs/running.md), and a class-data archive (AppCDS) of the start-up's
# classes made here, from these very jar files, by a start of the routes that reads no stream and calls no AWS API
COPY jvm.options jvm.options
COPY bin/create-class-archive bin/create-class-archive
RUN bin/create-class-archive /app
RUN mkdir -p config data && chown notifier:notifier data
USER notifier
# the ops server (health, metrics) listens on all interfaces in the container; the jar alone binds loopback
ENV NOTIFIER_DATA_DIR=/app/data \
    NOTIFIER_OPS_HOST=0.0.0.0 \
    NOTIFIER_OPS_PORT=8081
EXPOSE 8081
VOLUME ["/app/data"]
# Liveness, not readiness: a paused SES account makes the service not ready, and restarting it would not help.
# The JRE image has no curl or wget; bash's /dev/tcp does the HTTP request (PackagedJarIT runs this command).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${NOTIFIER_OPS_PORT:-8081} && printf 'GET /health/live HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# Relative paths, from WORKDIR /app, exactly as the archive was made: the JVM ignores an archive whose class path differs.
# Other JVM options: mount your own /app/jvm.options (the heap is fixed there, -Xmx128m: give the container 384 MB).
ENTRYPOINT ["java", "@jvm.options", "-XX:SharedArchiveFile=stream-notifier.jsa", "-jar", "stream-notifier.jar"]
