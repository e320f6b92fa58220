package io.keysweep.cli;

import java.nio.file.Path;

import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keysweep jobs}: each definition with its schedule, next fire time and latest run. */
class JobsCommandTest {

    private static RedisServer redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.latest();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void listsScheduleNextRunAndLastRunAndNamesAnInvalidDefinition() {
        Path jobs = dir.resolve("jobs");
        Definitions.write(jobs, "nightly", Definitions.notifyYaml("b-*-notify", 50, 50)
                + "schedule: \"0 0 3 * * *\"\ntime-zone: Europe/Berlin\nmissed: skip\n");
        Definitions.write(jobs, "manual", Definitions.notifyYaml("x-*", 50, 50) + "enabled: false\n");
        Definitions.write(jobs, "broken", Definitions.notifyYaml("b-*-notify", 50, 50) + "schedule: \"every night\"\n");
        assertThat(Cli.in(dir, redis.url(), "run", "nightly").exitCode()).isZero();

        Cli.Result result = Cli.in(dir, redis.url(), "jobs");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines()).singleElement().asString()
                .startsWith("keysweep: " + jobs.resolve("broken.yml") + ":9: field 'schedule': 'every night' is not a cron expression");
        assertThat(result.out().lines()).hasSize(4);
        assertThat(result.out().lines().toList().get(0)).matches("JOB +ENABLED +SCHEDULE +NEXT RUN +LAST RUN");
        assertThat(result.out()).containsPattern("broken +invalid +- +- +never")
                .containsPattern("manual +no +- +- +never")
                .containsPattern("nightly +yes +0 0 3 \\* \\* \\* Europe/Berlin \\(missed: skip\\) +"
                        + "\\d{4}-\\d\\d-\\d\\d 03:00:00 \\+0[12]:00 +COMPLETED #1 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    }
}
