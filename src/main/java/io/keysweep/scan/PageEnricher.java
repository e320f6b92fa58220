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
 * key, and PTTL (plus HEXISTS of a field) of each companion key the classifier names.
 */
final class PageEnricher {

    private final Classifier classifier;

    PageEnricher(Classifier classifier) {
        this.classifier = classifier;
    }

    List<KeyFacts> enrich(Jedis jedis, List<byte[]> keys) {
        List<Pending> pending = new ArrayList<>(keys.size());
        try (Pipeline pipeline = jedis.pipelined()) {
            for (byte[] key : keys) {
                Companion companion = classifier.companionOf(key);
                pending.add(new Pending(key, pipeline.pttl(key), pipeline.type(key),
                        companion == null ? null : pipeline.pttl(companion.key()),
                        companion == null || companion.flag() == null ? null
                                : pipeline.hexists(companion.key(), companion.flag())));
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
                           Response<Boolean> companionFlag) {

        KeyFacts facts() {
            KeyFacts.CompanionFacts companion = companionPttl == null ? null
                    : new KeyFacts.CompanionFacts(companionPttl.get(), flagged());
            return new KeyFacts(key, pttl.get(), type.get(), companion);
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
    }
}
