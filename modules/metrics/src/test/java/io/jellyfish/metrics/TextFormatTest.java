package io.jellyfish.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextFormatTest {

    @Test
    void escapesBackslashQuoteAndNewlineInLabelValues() {
        assertEquals("a\\\\b\\\"c\\nd", TextFormat.escapeLabelValue("a\\b\"c\nd"));
        assertEquals("8f14e45f-ceea-467a-9af8-2dbb5a3a1f6e",
                TextFormat.escapeLabelValue("8f14e45f-ceea-467a-9af8-2dbb5a3a1f6e"));
    }

    @Test
    void escapesBackslashAndNewlineButNotQuotesInHelp() {
        assertEquals("say \"hi\"\\nto a\\\\b", TextFormat.escapeHelp("say \"hi\"\nto a\\b"));
    }

    @Test
    void printsIntegralValuesAsIntegersAndOthersAsDecimals() {
        assertEquals("0", TextFormat.formatNumber(0));
        assertEquals("10", TextFormat.formatNumber(10.0));
        assertEquals("1.5", TextFormat.formatNumber(1.5));
        assertEquals("9007199254740992", TextFormat.formatNumber(0x1p53));
        assertEquals("1.8014398509481984E16", TextFormat.formatNumber(0x1p54));
        assertEquals("+Inf", TextFormat.formatNumber(Double.POSITIVE_INFINITY));
        assertEquals("NaN", TextFormat.formatNumber(Double.NaN));
    }

    @Test
    void writesALabelledSample() {
        StringBuilder out = new StringBuilder();
        TextFormat.writeSample(out, "jellyfish_room_peers", "room_id", "a\"b", "3");
        assertEquals("jellyfish_room_peers{room_id=\"a\\\"b\"} 3\n", out.toString());
    }
}
