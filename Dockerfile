# between-sessions: Spring Boot 3.5 / Java 21 job-worker app for Camunda 8.8.
# Build:  docker build -t between-sessions .      (or: docker compose up -d --build)

# ---- build stage ---------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /build
# The maven image sets MAVEN_CONFIG=/root/.m2; the Maven wrapper passes MAVEN_CONFIG on to
# Maven as arguments and fails with 'Unknown lifecycle phase "/root/.m2"'
# (github.com/carlossg/docker-maven/issues/301). The local repository stays ~/.m2 anyway.
ENV MAVEN_CONFIG=""
# The build runs the system npm to fetch bpmn.io's form-js for the workspace (package.json).
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null \
 && rm -rf /var/lib/apt/lists/*

# 1) Maven wrapper + POM only, then fetch dependencies and plugins into ~/.m2.
#    This layer is rebuilt only when pom.xml or the wrapper change, not on every code edit.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN sed -i 's/\r$//' mvnw && chmod +x mvnw \
 && ./mvnw -B -q dependency:go-offline

# 2) Sources. workers/ is an extra source root (build-helper-maven-plugin); bpmn/ and
#    forms/ are packaged into the jar unchanged (see <resources> in pom.xml).
COPY package.json package-lock.json .npmrc ./
COPY src/ src/
COPY workers/ workers/
COPY bpmn/ bpmn/
COPY forms/ forms/
# `cp target/*.jar` fails if the glob matches more than one jar, so a stray extra jar
# cannot be shipped by accident (the *.jar.original kept by spring-boot:repackage
# does not match).
RUN ./mvnw -B -q -DskipTests package \
 && mkdir -p /out && cp target/*.jar /out/app.jar

# ---- runtime stage -------------------------------------------------------------------
FROM eclipse-temurin:21-jre

# Fixed, non-root uid/gid, so a mounted users file can be made readable to it (chown/chgrp 10001).
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app
# Owned by root, read-only for the app user.
COPY --from=build /out/app.jar /app/app.jar

USER 10001:10001
EXPOSE 8080

# Size the heap from the container's memory limit instead of the host's.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0"

# Same check as in docker-compose.yml: bash's /dev/tcp, no curl/wget needed.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=10 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# Job workers run at background priority below API requests (crisis alerts among them); Linux
# honours Java thread priorities only with this policy. Lowering priority needs no privileges.
ENTRYPOINT ["java", "-XX:ThreadPriorityPolicy=1", "-XX:JavaPriority1_To_OSPriority=10", "-jar", "/app/app.jar"]
