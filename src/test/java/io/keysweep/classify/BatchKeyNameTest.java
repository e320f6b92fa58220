package io.keysweep.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BatchKeyNameTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "b-vTF1-9QvLPnREQ-notify|b-vTF1-9QvLPnREQ|notify",
			"b-ab-cd_ef-gh-ij-notify|b-ab-cd_ef-gh-ij|notify", "b----------------notify|b---------------|notify",
			"b-0123456789abcdef-notify|b-0123456789abcdef|notify",
			"b-vTF1-9QvLPnREQ@@3-notify|b-vTF1-9QvLPnREQ@@3|notify",
			"b-0123456789abcdef@@12-jids|b-0123456789abcdef@@12|jids",
			"myapp:b-vTF1-9QvLPnREQ-notify|myapp:b-vTF1-9QvLPnREQ|notify",
			"a:b:b-vTF1-9QvLPnREQ-failinfo|a:b:b-vTF1-9QvLPnREQ|failinfo",
			"b-vTF1-9QvLPnREQ-notify2|b-vTF1-9QvLPnREQ|notify2",
			"b-vTF1-9QvLPnREQ-some-new-thing|b-vTF1-9QvLPnREQ|some-new-thing", })
	void findsTheBatchHashAndTheSuffix(String key, String hash, String suffix) {
		BatchKeyName name = BatchKeyName.parse(bytes(key));
		assertThat(name.batchHash()).isEqualTo(bytes(hash));
		assertThat(name.suffix()).isEqualTo(suffix);
	}

	@Test
	void theBatchHashIsItsOwnBatchHash() {
		BatchKeyName name = BatchKeyName.parse(bytes("myapp:b-vTF1-9QvLPnREQ@@2"));
		assertThat(name.batchHash()).isEqualTo(bytes("myapp:b-vTF1-9QvLPnREQ@@2"));
		assertThat(name.suffix()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "b-short-notify", // bid too short
			"b-vTF1-9QvLPnREQx-notify", // 15 characters
			"b-vTF1-9QvLP.REQ-notify", // not URL-safe base64
			"b-0123456789ABCDEFGH-notify", // neither 14 URL-safe characters nor 16
											// lower-case hex
			"xb-vTF1-9QvLPnREQ-notify", // something other than a namespace before b-
			"b-vTF1-9QvLPnREQ@@-notify", // shard marker without a number
			"b-vTF1-9QvLPnREQ-", // a '-' and no suffix
			"batches", "-notify", "", })
	void rejectsNamesThatAreNotBatchKeys(String key) {
		assertThat(BatchKeyName.parse(bytes(key))).isNull();
	}

	@Test
	void keepsANamespaceThatIsNotUtf8() {
		byte[] key = concat(new byte[] { (byte) 0xff, (byte) 0xfe, ':' }, bytes("b-vTF1-9QvLPnREQ-notify"));
		assertThat(BatchKeyName.parse(key).batchHash())
			.isEqualTo(concat(new byte[] { (byte) 0xff, (byte) 0xfe, ':' }, bytes("b-vTF1-9QvLPnREQ")));
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = new byte[a.length + b.length];
		System.arraycopy(a, 0, out, 0, a.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

}
