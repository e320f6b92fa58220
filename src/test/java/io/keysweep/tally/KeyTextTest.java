package io.keysweep.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Sample keys as reports show them: escaped, and cut when long. */
class KeyTextTest {

	@Test
	void aKeyUpTo256BytesIsShownWholeALongerOneByItsFirst256AndItsLength() {
		String exact = "k".repeat(256);
		assertThat(KeyText.sample(exact.getBytes(StandardCharsets.US_ASCII))).isEqualTo(exact);
		assertThat(KeyText.sample(("k" + exact).getBytes(StandardCharsets.US_ASCII)))
			.isEqualTo(exact + "...(257 bytes)");
		assertThat(KeyText.sample(new byte[0])).isEmpty();
	}

	@Test
	void aLongBinaryKeyIsCutByItsBytesAndEscaped() {
		byte[] key = new byte[512 * 1024];
		Arrays.fill(key, (byte) 0xff);
		String sample = KeyText.sample(key);
		assertThat(sample).isEqualTo("\\xff".repeat(256) + "...(524288 bytes)");
		assertThat(KeyText.sample("a\\b\nc".getBytes(StandardCharsets.US_ASCII))).isEqualTo("a\\x5cb\\x0ac");
	}

}
