package io.keysweep.scan;

import java.util.ArrayList;
import java.util.List;

import io.keysweep.classify.Classifier;
import io.keysweep.classify.Companion;
import io.keysweep.classify.KeyFacts;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Fetches what the classifier needs for a whole SCAN page in one pipelined round trip: PTTL and TYPE of each
 * key, and PTTL (plus HEXISTS of a field) of each companion key the classifier names. A few keys of each page
 * also get a MEMORY USAGE in the same pipeline, for the estimate of the memory a sweep gives back.
 */
final class PageEnricher {

    /** Keys measured per page, spread over the page. */
    static final int MEMORY_SAMPLES_PER_PAGE = 16;
    /** Keys measured per execution at the most, so that sampling stays a small share of a sweep's commands. */
    static final int MEMORY_SAMPLES_PER_RUN = 1_000;

    private final Classifier classifier;
    private int memorySamplesLeft = MEMORY_SAMPLES_PER_RUN;

    PageEnricher(Classifier classifier) {
        this.classifier = classifier;
    }

    List<KeyFacts> enrich(Jedis jedis, List<byte[]> keys) {
        List<Pending> pending = new ArrayList<>(keys.size());
        int sampleEvery = Math.max(1, keys.size() / MEMORY_SAMPLES_PER_PAGE);
        try (Pipeline pipeline = jedis.pipelined()) {
            for (int i = 0; i < keys.size(); i++) {
                byte[] key = keys.get(i);
                Companion companion = classifier.companionOf(key);
                boolean sample = memorySamplesLeft > 0 && i % sampleEvery == 0;
                if (sample) {
                    memorySamplesLeft--;
                }
                pending.add(new Pending(key, pipeline.pttl(key), pipeline.type(key),
                        companion == null ? null : pipeline.pttl(companion.key()),
                        companion == null || companion.flag() == null ? null
                                : pipeline.hexists(companion.key(), companion.flag()),
                        sample ? pipeline.memoryUsage(key) : null));
            }
            pipeline.sync();
        }
        List<KeyFacts> facts = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            facts.add(p.facts());
        }
        return facts;
    }

    private record Pending(byte[] key, Response<Long> pttl, Response<String> type, Response<Long> companionPttl,
                           Response<Boolean> companionFlag, Response<Long> memory) {

        KeyFacts facts() {
            KeyFacts.CompanionFacts companion = companionPttl == null ? null
                    : new KeyFacts.CompanionFacts(companionPttl.get(), flagged());
            return new KeyFacts(key, pttl.get(), type.get(), companion, bytes());
        }

        private boolean flagged() {
            if (companionFlag == null) {
                return false;
            }
            try {
                return companionFlag.get();
            } catch (JedisDataException wrongType) {
                // the companion exists but is not a hash: it carries no flag
                return false;
            }
        }

        private long bytes() {
            if (memory == null) {
                return KeyFacts.NOT_SAMPLED;
            }
            try {
                Long bytes = memory.get();
                return bytes == null ? KeyFacts.NOT_SAMPLED : bytes;
            } catch (JedisDataException refused) {
                // an ACL may forbid MEMORY USAGE: the sweep goes on without an estimate
                return KeyFacts.NOT_SAMPLED;
            }
        }
    }
}
