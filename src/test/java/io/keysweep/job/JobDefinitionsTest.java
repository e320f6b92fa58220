package io.keysweep.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.keysweep.testing.Definitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobDefinitionsTest {

    @TempDir
    Path jobs;

    @Test
    void theFlagshipDefinitionGivesEveryClassThirtyDays() {
        JobDefinition flagship = Definitions.shipped("sidekiq-batch-notify");
        assertThat(flagship.match()).isEqualTo("b-*-notify");
        assertThat(flagship.classifier()).isEqualTo("sidekiq-batch-notify");
        assertThat(flagship.ttlSeconds()).containsEntry("leaked", 2_592_000L)
                .containsEntry("deleted", 2_592_000L).containsEntry("live", 2_592_000L);
        assertThat(flagship.allowBroadMatch()).isFalse();
        assertThat(flagship.checksum()).hasSize(64);
    }

    @Test
    void readsEveryField() {
        Definitions.write(jobs, "full", """
                description: all of it
                match: "app:b-*-notify"
                type: string
                scan-count: 500
                chunk-size: 200
                limit: 10000
                classifier: sidekiq-batch-notify
                allow-broad-match: false
                ttl: { leaked: 12h, deleted: 15m, live: 3600s }
                """);
        JobDefinition d = new JobDefinitions(jobs).load("full");
        assertThat(d.name()).isEqualTo("full");
        assertThat(d.description()).isEqualTo("all of it");
        assertThat(d.type()).isEqualTo("string");
        assertThat(d.scanCount()).isEqualTo(500);
        assertThat(d.chunkSize()).isEqualTo(200);
        assertThat(d.limit()).isEqualTo(10_000);
        assertThat(d.ttlSeconds()).containsEntry("leaked", 43_200L).containsEntry("deleted", 900L)
                .containsEntry("live", 3_600L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "**", "?*", "*?*"})
    void refusesAPatternThatSweepsEverything(String match) {
        Definitions.write(jobs, "broad", Definitions.notifyYaml(match, 100, 100));
        assertThatThrownBy(() -> new JobDefinitions(jobs).load("broad"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage(jobs.resolve("broad.yml") + ":1: field 'match': '" + match
                        + "' would sweep every key; narrow it, or set allow-broad-match: true");
    }

    @Test
    void acceptsABroadPatternWhenTheFileSaysSo() {
        Definitions.write(jobs, "broad", Definitions.notifyYaml("*", 100, 100) + "allow-broad-match: true\n");
        assertThat(new JobDefinitions(jobs).load("broad").allowBroadMatch()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "leaked: -1d|:6: field 'ttl.leaked': '-1d' must be longer than zero",
            "leaked: 0s|:6: field 'ttl.leaked': '0s' must be longer than zero",
            "leaked: 30x|:6: field 'ttl.leaked': '30x' is not a duration (write e.g. 30d, 12h, 15m or 3600s)",
            "leaked: 99999999999999999d|:6: field 'ttl.leaked': '99999999999999999d' is too large",
    })
    void refusesABadTtl(String line, String message) {
        Definitions.write(jobs, "bad", Definitions.notifyYaml("b-*-notify", 100, 100).replace("leaked: 30d", line));
        assertThatThrownBy(() -> new JobDefinitions(jobs).load("bad"))
                .hasMessage(jobs.resolve("bad.yml") + message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "match: \"b-*-notify\"\\nscan-count: 10\\nclassifier: sidekiq-batch-notify\\nttl: {leaked: 1d, deleted: 1d, live: 1d}\\nexpire-all: true|:5: field 'expire-all': unknown field",
            "scan-count: 10\\nclassifier: sidekiq-batch-notify\\nttl: {leaked: 1d, deleted: 1d, live: 1d}|: field 'match': missing",
            "match: \"b-*-notify\"\\nclassifier: sidekiq-batch-notify\\nttl: {leaked: 1d, deleted: 1d}|:3: field 'ttl': no TTL for live",
            "match: \"b-*-notify\"\\nclassifier: sidekiq-batch-notify\\nttl: {leaked: 1d, deleted: 1d, live: 1d, has-ttl: 1d}|:3: field 'ttl.has-ttl': the classifier has no class 'has-ttl'",
            "match: \"b-*-notify\"\\nclassifier: sidekiq-batch-notify|: field 'ttl': missing",
            "match: \"b-*-notify\"\\nclassifier: resque\\nttl: {leaked: 1d}|:2: field 'classifier': unknown classifier 'resque'",
            "match: \"b-*-notify\"\\nchunk-size: 0\\nclassifier: sidekiq-batch-notify\\nttl: {leaked: 1d, deleted: 1d, live: 1d}|:2: field 'chunk-size': '0' is not a whole number",
            "match: \"b-*-notify\"\\nmatch: \"x\"|:2: field 'match': given twice",
            "match: [\"b-*-notify\"]|:1: field 'match': must be a single value",
            "match: \"b-*-notify\"\\n  oops: [|: not valid YAML",
            "just a string|: must be a YAML mapping",
    })
    void namesTheFileTheLineAndTheFieldOfEveryMistake(String yaml, String message) {
        Definitions.write(jobs, "bad", yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> new JobDefinitions(jobs).load("bad"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith(jobs.resolve("bad.yml").toString())
                .hasMessageContaining(message);
    }

    @Test
    void namesTheKnownJobsWhenAJobIsUnknown() {
        Definitions.write(jobs, "nightly", Definitions.notifyYaml("b-*-notify", 100, 100));
        assertThatThrownBy(() -> new JobDefinitions(jobs).load("nighty"))
                .hasMessage("unknown job 'nighty': no " + jobs.resolve("nighty.yml") + " (jobs there: nightly)");
        assertThatThrownBy(() -> new JobDefinitions(jobs).load("../etc/passwd"))
                .hasMessageStartingWith("unknown job '../etc/passwd'");
    }

    @Test
    void theChecksumChangesWithTheFile() {
        Definitions.write(jobs, "a", Definitions.notifyYaml("b-*-notify", 100, 100));
        String before = new JobDefinitions(jobs).load("a").checksum();
        Definitions.write(jobs, "a", Definitions.notifyYaml("b-*-notify", 100, 200));
        assertThat(new JobDefinitions(jobs).load("a").checksum()).isNotEqualTo(before);
    }
}
