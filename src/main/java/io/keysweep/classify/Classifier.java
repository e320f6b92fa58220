package io.keysweep.classify;

/**
 * Decides, in memory, what a sweep does with each key. It never talks to Redis: it names the companion key
 * it needs and the reader fetches it with the rest of the page.
 */
public interface Classifier {

    /** The companion to look up along with this key, or null when the key needs none. */
    Companion companionOf(byte[] key);

    Verdict classify(KeyFacts facts);
}
