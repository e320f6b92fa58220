package io.keysweep.pattern;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPatternTest {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = ' ', textBlock = """
			b-k_UQx93JxS_PRv-notify b-*-notify
			b-vTF1-9QvLPnREQ b-*
			b-vTF1-9QvLPnREQ-jids b-*-jids
			b-Ab_-Cd_-Ef_-Gh-failinfo b-*-failinfo
			myapp:b-vTF1-9QvLPnREQ-notify myapp:b-*-notify
			b-0123456789abcdef@@2-notify b-*-notify
			batches batches
			batch-died batch-died
			queues queues
			queue:default queue:default
			queue:mailers_low queue:mailers_low
			schedule schedule
			retry retry
			dead dead
			processes processes
			stat:processed stat:processed
			stat:processed:2026-11-30 stat:processed:*
			myapp:stat:failed:2026-11-30 myapp:stat:failed:*
			web-7f9c:4242:0a1b2c3d4e5f *:*:*
			worker.internal:1:0a1b2c3d4e5f:work *:*:*:work
			myapp:web-1:12:0a1b2c3d4e5f:work myapp:*:*:*:work
			session:8f14e45fceea167a5a36dedd4bea2543 session:*
			_session_id:2::a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2 _session_id:*::*
			views/products/42-20231010120000000000/3f2a9c0d1e2b3a4c5d6e7f8091a2b3c4 views/products/*/*
			cache:user:42 cache:user:*
			myapp:cache:users/42-20231010120000/profile myapp:cache:users/*/profile
			rack::attack:28716543:throttle/ip:10.0.0.1 rack::attack:*:throttle/ip:*
			rack::attack:28716543:logins/email:alice@example.com rack::attack:*:logins/email:alice@example.com
			lock:order:1234 lock:order:*
			lock:ProcessPaymentJob:42 lock:ProcessPaymentJob:*
			uniquejobs:3f5e0d7a9b8c1d2e3f4a5b6c7d8e9f00:LOCKED uniquejobs:*:LOCKED
			counter:page_views:2026-11-30 counter:page_views:*
			job:3f2504e0-4f89-11d3-9a0c-0305e82c3301:status job:*:status
			event:2026-11-30T10:15:00Z event:*
			page-42 page-*
			report_2026_11.csv report_*.csv
			user:alice user:alice
			token:Zm9vYmFyYmF6cXV4MTIz token:*
			BID-vTF19QvLPnREQx-jids BID-*-jids
			""")
	void namesItsPattern(String key, String pattern) {
		assertThat(KeyPattern.of(key.getBytes(StandardCharsets.UTF_8))).isEqualTo(pattern);
	}

	@Test
	void binaryNamesCountUnderTheirTextPrefix() {
		assertThat(KeyPattern.of(new byte[] { 0, (byte) 0xff, 3 })).isEqualTo(KeyPattern.BINARY);
		assertThat(KeyPattern.of(new byte[] { 'i', 'm', 'g', ':', '4', '2', ':', (byte) 0xff, 0 }))
			.isEqualTo("img:*:*");
		assertThat(KeyPattern.of("user:josé".getBytes(StandardCharsets.UTF_8))).isEqualTo("user:josé");
	}

	@Test
	void longNamesAreCut() {
		String pattern = KeyPattern.of(("a".repeat(300)).getBytes(StandardCharsets.US_ASCII));
		assertThat(pattern).hasSize(KeyPattern.MAX_LENGTH).endsWith("*");
	}

	@Test
	void everyUrlSafeBidCountsUnderOnePattern() {
		char[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
		Random random = new Random(42);
		int read = 0;
		for (int i = 0; i < 100_000; i++) {
			char[] bid = new char[14];
			for (int k = 0; k < bid.length; k++) {
				bid[k] = alphabet[random.nextInt(alphabet.length)];
			}
			String id = new String(bid);
			assertThat(KeyPattern.of(("b-" + id + "-notify").getBytes(StandardCharsets.US_ASCII)))
				.isEqualTo("b-*-notify");
			if (!KeyPattern.of(("session:" + id).getBytes(StandardCharsets.US_ASCII)).equals("session:*")) {
				read++;
			}
		}
		// outside a batch key, a token that reads as words is kept: rare, and documented
		assertThat(read).isLessThan(10);
	}

}
