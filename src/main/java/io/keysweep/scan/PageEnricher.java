package io.keysweep.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.keysweep.classify.Classifier;
import io.keysweep.classify.Companion;
import io.keysweep.classify.KeyFacts;
import io.keysweep.redis.RedisConnector;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Fetches what the classifier needs for a whole SCAN page in one pipelined round trip:
 * PTTL and TYPE of each key (and OBJECT IDLETIME when asked), and PTTL plus HEXISTS of a
 * field (HGET when its value matters) of each companion key it names. A few keys of each
 * page also get a MEMORY USAGE in the same pipeline, for the estimate of the memory a
 * sweep gives back.
 *
 * <p>
 * When SCAN filters by type, every key of the page is known to be of that type and TYPE
 * is not sent: the pipeline of a notify sweep is a quarter shorter, a command fewer for
 * Redis to parse and answer and for keysweep to encode and decode per key. A key gone by
 * the time of the lookup (PTTL -2) is of type {@code none}, as TYPE would have said.
 *
 * <p>
 * Called from the threads of a {@link PageSource}: the memory budget is the only state it
 * keeps between pages, and it is shared safely, so that two pages enriched at once never
 * measure more keys than the budget allows.
 */
final class PageEnricher {

	/** Keys measured per page, spread over the page. */
	static final int MEMORY_SAMPLES_PER_PAGE = 16;

	/**
	 * Keys a sweep measures per execution at the most, so that sampling stays a small
	 * share of its commands.
	 */
	static final int MEMORY_SAMPLES_PER_RUN = 1_000;

	private final Classifier classifier;

	/** The type SCAN filters by, or null: then each key's TYPE is asked. */
	private final String scanType;

	private final boolean idleTime;

	private final AtomicInteger memorySamplesLeft;

	/**
	 * @param memorySamples keys measured per execution at the most
	 */
	PageEnricher(Classifier classifier, String scanType, int memorySamples) {
		this.classifier = classifier;
		this.scanType = scanType;
		this.idleTime = classifier.needsIdleTime();
		this.memorySamplesLeft = new AtomicInteger(memorySamples);
	}

	List<KeyFacts> enrich(RedisConnector redis, Jedis jedis, List<byte[]> keys) {
		List<PendingKey> pending = new ArrayList<>(keys.size());
		int sampleEvery = Math.max(1, keys.size() / MEMORY_SAMPLES_PER_PAGE);
		try (AbstractPipeline pipeline = redis.pipelined(jedis)) {
			for (int i = 0; i < keys.size(); i++) {
				byte[] key = keys.get(i);
				boolean sample = i % sampleEvery == 0 && takeMemorySample();
				List<Companion> companions = classifier.companionsOf(key);
				List<PendingCompanion> lookups = new ArrayList<>(companions.size());
				for (Companion companion : companions) {
					lookups.add(companion == null ? null : PendingCompanion.of(pipeline, companion));
				}
				pending.add(new PendingKey(key, pipeline.pttl(key), scanType == null ? pipeline.type(key) : null,
						idleTime ? pipeline.objectIdletime(key) : null, lookups,
						sample ? pipeline.memoryUsage(key) : null));
			}
			pipeline.sync();
		}
		List<KeyFacts> facts = new ArrayList<>(pending.size());
		for (PendingKey p : pending) {
			facts.add(p.facts(scanType));
		}
		return facts;
	}

	/** One key's MEMORY USAGE from the run's budget; false once it is spent. */
	private boolean takeMemorySample() {
		return memorySamplesLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
	}

	private record PendingKey(byte[] key, Response<Long> pttl, Response<String> type, Response<Long> idle,
			List<PendingCompanion> companions, Response<Long> memory) {

		KeyFacts facts(String scanType) {
			List<KeyFacts.CompanionFacts> companionFacts = new ArrayList<>(companions.size());
			for (PendingCompanion companion : companions) {
				companionFacts.add(companion == null ? null : companion.facts());
			}
			long ttl = pttl.get();
			String keyType = type != null ? type.get() : ttl == -2 ? "none" : scanType;
			return new KeyFacts(key, ttl, keyType, idleSeconds(), companionFacts, bytes());
		}

		private long bytes() {
			if (memory == null) {
				return KeyFacts.NOT_SAMPLED;
			}
			try {
				Long bytes = memory.get();
				return bytes == null ? KeyFacts.NOT_SAMPLED : bytes;
			}
			catch (JedisDataException refused) {
				// an ACL may forbid MEMORY USAGE: the sweep goes on without an estimate
				return KeyFacts.NOT_SAMPLED;
			}
		}

		private long idleSeconds() {
			if (idle == null) {
				return -1;
			}
			try {
				Long seconds = idle.get();
				return seconds == null ? -1 : seconds;
			}
			catch (JedisDataException e) {
				// no cause on purpose: this line, not Redis's, is what the operator reads
				throw new IllegalStateException("a definition's idle-over and audit --idle need OBJECT IDLETIME, "
						+ "which Redis does not track under its LFU maxmemory-policy; use ttl or key conditions, or "
						+ "audit without --idle (Redis said: " + e.getMessage() + ")");
			}
		}
	}

	/**
	 * A companion's lookups: PTTL, and HEXISTS of its flag, or HGET when its value
	 * matters.
	 */
	private record PendingCompanion(Response<Long> pttl, Response<Boolean> flag, Response<byte[]> value) {

		static PendingCompanion of(AbstractPipeline pipeline, Companion companion) {
			Response<Long> pttl = pipeline.pttl(companion.key());
			if (companion.flag() == null) {
				return new PendingCompanion(pttl, null, null);
			}
			return companion.flagValue()
					? new PendingCompanion(pttl, null, pipeline.hget(companion.key(), companion.flag()))
					: new PendingCompanion(pttl, pipeline.hexists(companion.key(), companion.flag()), null);
		}

		KeyFacts.CompanionFacts facts() {
			String read = readValue();
			return new KeyFacts.CompanionFacts(pttl.get(), read != null || flagged(), read);
		}

		private boolean flagged() {
			if (flag == null) {
				return false;
			}
			try {
				return flag.get();
			}
			catch (JedisDataException wrongType) {
				// the companion exists but is not a hash: it carries no flag
				return false;
			}
		}

		private String readValue() {
			if (value == null) {
				return null;
			}
			try {
				byte[] read = value.get();
				return read == null ? null : new String(read, StandardCharsets.ISO_8859_1);
			}
			catch (JedisDataException wrongType) {
				return null;
			}
		}
	}

}
