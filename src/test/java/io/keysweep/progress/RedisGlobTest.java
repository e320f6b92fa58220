package io.keysweep.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The glob matcher agrees with Redis's own SCAN MATCH on every key of a tricky keyspace.
 */
class RedisGlobTest {

	private static final List<byte[]> KEYS = List.of(bytes("b-vTF1-9QvLPnREQ-notify"), bytes("b--notify"),
			bytes("app:b-0123456789abcdef-notify"), bytes("b-x-notify-notify"), bytes("hello"), bytes("hallo"),
			bytes("hxllo"), bytes("hllo"), bytes("heeeello"), bytes("a*b"), bytes("axb"), bytes("a\\b"), bytes("key9"),
			bytes("key-"), bytes("]x"), bytes("-x"), bytes("^x"), bytes(""),
			new byte[] { 'b', '-', (byte) 0xff, 0, '-', 'n', 'o', 't', 'i', 'f', 'y' });

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@BeforeAll
	static void writeKeys() {
		try (Jedis jedis = redis.client()) {
			KEYS.stream().filter(k -> k.length > 0).forEach(k -> jedis.set(k, bytes("1")));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "b-*-notify", "*", "h?llo", "h[ae]llo", "h[^e]llo", "h[a-e]llo", "h[e-a]llo", "h*llo",
			"a\\*b", "a\\\\b", "*[0-9]", "key[\\-]", "[]]x", "[-]x", "[\\^]x", "*:b-*", "b-?*-notify", "h**o", "hello",
			"b-*-notify-notify", "*\\" })
	void matchesWhatRedisMatches(String pattern) {
		Set<ByteBuffer> redisMatches = new HashSet<>();
		try (Jedis jedis = redis.client()) {
			byte[] cursor = bytes("0");
			do {
				ScanResult<byte[]> page = jedis.scan(cursor, new ScanParams().match(bytes(pattern)).count(1000));
				page.getResult().forEach(k -> redisMatches.add(ByteBuffer.wrap(k)));
				cursor = page.getCursorAsBytes();
			}
			while (!"0".equals(new String(cursor, StandardCharsets.US_ASCII)));
		}
		RedisGlob glob = new RedisGlob(bytes(pattern));

		Set<ByteBuffer> ours = new HashSet<>();
		KEYS.stream().filter(k -> k.length > 0 && glob.matches(k)).forEach(k -> ours.add(ByteBuffer.wrap(k)));

		assertThat(ours).isEqualTo(redisMatches);
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

}
