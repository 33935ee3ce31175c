# exectrace: the launcher jar and its libraries on a JRE. Build: docker build -t exectrace .
# The same image runs the pipeline + API (`run`) and the synthetic producer (`synth`), see docker-compose.yml.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY events events
COPY broker broker
COPY producer producer
COPY streams-app streams-app
COPY query-api query-api
COPY launcher launcher
COPY fixtures fixtures
# bench (JMH) and harness (chaos, end-to-end benchmarks) are modules of the build but not of the app: their poms
# only, so Maven reads the whole project, and nothing of theirs is built or copied into the image.
COPY bench/pom.xml bench/pom.xml
COPY harness/pom.xml harness/pom.xml
RUN ./mvnw -B -q -DskipTests -pl launcher -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/exectrace --create-home exectrace
WORKDIR /opt/exectrace
COPY --from=build /src/launcher/target/exectrace.jar ./exectrace.jar
COPY --from=build /src/launcher/target/lib ./lib
USER exectrace
ENV EXECTRACE_STATE_DIR=/var/lib/exectrace/state \
    EXECTRACE_API_HOST=0.0.0.0
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/exectrace/exectrace.jar"]
CMD ["run"]
