package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exectrace.streams.config.ExectraceConfig;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ApiSettingsTest {

    @Test
    void defaultsBindLoopbackWithoutTokenOrCors() {
        final ApiSettings settings = ApiSettings.from(ExectraceConfig.defaults(), Map.of());
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.apiToken()).isNull();
        assertThat(settings.corsOrigins()).isEmpty();
        assertThat(settings.grafanaUrl()).isEqualTo("http://127.0.0.1:3000/d/exectrace-pipeline?var-mode=MODE");
        assertThat(settings.maxJsonLimit()).isEqualTo(10_000);
    }

    @Test
    void tokenCorsAndGrafanaComeFromTheEnvironment() {
        final ExectraceConfig config = ExectraceConfig.load(null, Map.of("EXECTRACE_API_TOKEN", "t0k",
                "EXECTRACE_API_PORT", "9090"));
        final ApiSettings settings = ApiSettings.from(config, Map.of(
                ApiSettings.ENV_CORS_ORIGINS, " https://ops.example.com , http://localhost:5173 ",
                ApiSettings.ENV_GRAFANA_URL, "https://grafana.example.com/d/x?var-mode=MODE"));
        assertThat(settings.apiToken()).isEqualTo("t0k");
        assertThat(settings.port()).isEqualTo(9090);
        assertThat(settings.corsOrigins()).containsExactly("https://ops.example.com", "http://localhost:5173");
        assertThat(settings.grafanaUrl()).isEqualTo("https://grafana.example.com/d/x?var-mode=MODE");
        assertThat(settings.withApiToken("  ").apiToken()).isNull();
        assertThat(settings.withPort(0).port()).isZero();
    }

    @Test
    void rejectsImpossibleValues() {
        final ApiSettings settings = ApiSettings.from(ExectraceConfig.defaults(), Map.of());
        assertThatThrownBy(() -> settings.withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void htmlEscapingCoversTextAndAttributes() {
        assertThat(LivePageEndpoint.escape("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    }

    @Test
    void fileNamesKeepOnlySafeCharacters() {
        assertThat(Responses.fileSafe("golden_session-ok.1")).isEqualTo("golden_session-ok.1");
        assertThat(Responses.fileSafe("a\"b\r\nc/ü")).isEqualTo("a_b__c__");
    }
}
