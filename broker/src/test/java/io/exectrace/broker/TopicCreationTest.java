package io.exectrace.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicCreationTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void everyPartitionAnswersAsSoonAsTheTopicIsCreated() throws Exception {
        try (Admin admin = Admin.create(KAFKA.adminConfig())) {
            TopicCreation.createAndAwaitLeaders(admin, new NewTopic("eight", 8, (short) 1), TIMEOUT);

            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 8; p++) {
                latest.put(new TopicPartition("eight", p), OffsetSpec.latest());
            }
            // A short timeout: the leaders are in place, so the admin client has nothing to retry.
            final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            assertThat(ends).hasSize(8).allSatisfy((tp, info) -> assertThat(info.offset()).isZero());
        }
    }

    @Test
    void anExistingTopicIsAnErrorThatNamesIt() throws Exception {
        try (Admin admin = Admin.create(KAFKA.adminConfig())) {
            TopicCreation.createAndAwaitLeaders(admin, new NewTopic("twice", 1, (short) 1), TIMEOUT);

            assertThatThrownBy(() -> TopicCreation.createAndAwaitLeaders(admin, new NewTopic("twice", 1, (short) 1),
                    TIMEOUT)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot create topic twice").hasMessageContaining("already exists");
        }
    }

    @Test
    void aTopicWithoutAPartitionCountIsRefusedBeforeAnythingIsCreated() throws Exception {
        try (Admin admin = Admin.create(KAFKA.adminConfig())) {
            assertThatThrownBy(() -> TopicCreation.createAndAwaitLeaders(admin,
                    new NewTopic("uncounted", Optional.empty(), Optional.empty()), TIMEOUT))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uncounted");
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain("uncounted");
        }
    }
}
