package io.keysweep.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BatchKeyNameTest {

    private static final byte[] NOTIFY = "-notify".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
            "b-vTF1-9QvLPnREQ-notify, b-vTF1-9QvLPnREQ",
            "b-ab-cd_ef-gh-ij-notify, b-ab-cd_ef-gh-ij",
            "b----------------notify, b---------------",
            "b-0123456789abcdef-notify, b-0123456789abcdef",
            "b-vTF1-9QvLPnREQ@@3-notify, b-vTF1-9QvLPnREQ@@3",
            "b-0123456789abcdef@@12-notify, b-0123456789abcdef@@12",
            "myapp:b-vTF1-9QvLPnREQ-notify, myapp:b-vTF1-9QvLPnREQ",
            "a:b:b-vTF1-9QvLPnREQ-notify, a:b:b-vTF1-9QvLPnREQ",
    })
    void findsTheBatchHashOfANotifyKey(String key, String hash) {
        assertThat(BatchKeyName.batchHashOf(bytes(key), NOTIFY)).isEqualTo(bytes(hash));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "b-short-notify",                    // bid too short
            "b-vTF1-9QvLPnREQx-notify",          // 15 characters
            "b-vTF1-9QvLP.REQ-notify",           // not URL-safe base64
            "b-0123456789ABCDEF-notify",         // hex bids are lower case
            "xb-vTF1-9QvLPnREQ-notify",          // something other than a namespace before b-
            "b-vTF1-9QvLPnREQ-notify2",          // another suffix
            "b-vTF1-9QvLPnREQ",                  // the hash itself
            "b-vTF1-9QvLPnREQ@@-notify",         // shard marker without a number
            "-notify",
            "",
    })
    void rejectsNamesThatAreNotNotifyKeys(String key) {
        assertThat(BatchKeyName.batchHashOf(bytes(key), NOTIFY)).isNull();
    }

    @org.junit.jupiter.api.Test
    void keepsANamespaceThatIsNotUtf8() {
        byte[] key = concat(new byte[] {(byte) 0xff, (byte) 0xfe, ':'}, bytes("b-vTF1-9QvLPnREQ-notify"));
        assertThat(BatchKeyName.batchHashOf(key, NOTIFY))
                .isEqualTo(concat(new byte[] {(byte) 0xff, (byte) 0xfe, ':'}, bytes("b-vTF1-9QvLPnREQ")));
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
