package io.jellyfish.http.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * Renders a JSON value the way Jellyfish 0.5.0 prints it inside error messages: strings verbatim
 * without quotes, integers in decimal, booleans as words, floats in Erlang's shortest form
 * ({@code 10.0}, {@code 1.0e3}); arrays and objects as their JSON.
 */
public final class ValueText {

    private ValueText() {
    }

    public static String of(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isFloatingPointNumber()) {
            return erlangFloat(value.doubleValue());
        }
        return value.toString();
    }

    /**
     * Erlang's {@code float_to_binary(F, [short])}: the shortest digits that round-trip, written
     * in fixed notation unless scientific notation is strictly shorter; always with a fraction.
     */
    static String erlangFloat(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        // Double.toString yields the shortest round-tripping digits (JDK 19+).
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale(); // value = d.ddd * 10^exponent
        String sign = value < 0 ? "-" : "";

        String mantissa = digits.length() == 1 ? digits + ".0" : digits.charAt(0) + "." + digits.substring(1);
        String scientific = mantissa + "e" + exponent;

        String fixed;
        if (exponent >= digits.length() - 1) {
            fixed = digits + "0".repeat(exponent - (digits.length() - 1)) + ".0";
        } else if (exponent >= 0) {
            fixed = digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
        } else {
            fixed = "0." + "0".repeat(-exponent - 1) + digits;
        }
        return sign + (scientific.length() < fixed.length() ? scientific : fixed);
    }
}
