package io.keysweep.job;

import io.keysweep.alert.AlertCheck;
import io.keysweep.classify.Classifier;
import io.keysweep.classify.ClassifyProcessor;
import io.keysweep.classify.Expiry;
import io.keysweep.classify.KeyFacts;
import io.keysweep.expire.DryRunWriter;
import io.keysweep.expire.ExpiryWriter;
import io.keysweep.redis.RedisConnector;
import io.keysweep.scan.ScanItemReader;
import io.keysweep.tally.SweepTally;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/** Assembles a definition into a Spring Batch job: scan, classify, expire, one chunk at a time. */
@Component
public class SweepJobFactory {

    /** The name of the one step of a sweep job. */
    public static final String STEP = "sweep";

    private final JobRepository jobRepository;
    private final PlatformTransactionManager transactionManager;
    private final RedisConnector redis;

    public SweepJobFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                           RedisConnector redis) {
        this.jobRepository = jobRepository;
        this.transactionManager = transactionManager;
        this.redis = redis;
    }

    /** @param listeners step, chunk or item listeners, e.g. to report progress */
    public Job create(JobDefinition definition, SweepParameters parameters, StepListener... listeners) {
        SweepTally tally = new SweepTally();
        Classifier classifier = definition.newClassifier();
        ItemWriter<Expiry> writer = parameters.dryRun() ? new DryRunWriter(tally) : new ExpiryWriter(redis, tally);
        ChunkOrientedStepBuilder<KeyFacts, Expiry> step = new StepBuilder(STEP, jobRepository)
                .<KeyFacts, Expiry>chunk(definition.chunkSize())
                .transactionManager(transactionManager)
                .reader(new ScanItemReader(redis, definition.match(), definition.scanCount(), definition.type(),
                        classifier, parameters.limit()))
                .processor(new ClassifyProcessor(classifier, tally))
                .writer(writer)
                .stream(tally)
                .listener(new RunFacts(redis))
                .listener(new AlertCheck(definition.alerts(), jobRepository));
        for (StepListener listener : listeners) {
            step.listener(listener);
        }
        Step built = step.build();
        return new JobBuilder(definition.name(), jobRepository).listener(new LogContext()).start(built).build();
    }
}
