package io.ballast.keeper.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/**
 * Parses setting values from text. Every error is a {@link ConfigException} that names the setting and quotes the
 * value (an RPC URL only in its {@link #redactUrl redacted} form, since URLs often carry an API key).
 */
public final class Values {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Pattern WEI = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(wei|gwei|ether)?");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d{1,2})?)\\s*%?");

    private Values() {}

    /** An http(s) URL. */
    public static String rpcUrl(ConfigKey key, String raw) {
        String value = raw.strip();
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw bad(key, redactUrl(value), "is not an http:// or https:// URL with a host");
            }
            return value;
        } catch (URISyntaxException e) {
            throw bad(key, redactUrl(value), "is not a valid URL");
        }
    }

    /**
     * An RPC URL safe to print: scheme, host and port only; any user info, path or query (where providers put API
     * keys) becomes {@code /***}.
     */
    public static String redactUrl(String url) {
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "<unparseable URL>";
            }
            boolean hidden = uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"));
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                    + (hidden ? "/***" : "");
        } catch (URISyntaxException e) {
            return "<unparseable URL>";
        }
    }

    /** A 20-byte hex address; mixed case must be a valid EIP-55 checksum. Returned checksummed. */
    public static String address(ConfigKey key, String raw) {
        String value = raw.strip();
        if (!ADDRESS.matcher(value).matches()) {
            throw bad(key, value, "is not a 0x-prefixed 20-byte hex address");
        }
        String checksummed = Keys.toChecksumAddress(value);
        String hex = value.substring(2);
        boolean mixedCase = !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
        if (mixedCase && !checksummed.equals(value)) {
            throw bad(key, value, "has a bad EIP-55 checksum (expected " + checksummed + ")");
        }
        if (new BigInteger(hex, 16).signum() == 0) {
            throw bad(key, value, "is the zero address");
        }
        return checksummed;
    }

    /** Addresses separated by commas or whitespace, without duplicates (first occurrence kept). */
    public static List<String> addresses(ConfigKey key, String raw) {
        Map<String, String> unique = new LinkedHashMap<>();
        for (String part : raw.split("[,\\s]+")) {
            if (!part.isBlank()) {
                String address = address(key, part);
                unique.putIfAbsent(address.toLowerCase(Locale.ROOT), address);
            }
        }
        return new ArrayList<>(unique.values());
    }

    /** {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT15S}); positive. */
    public static Duration duration(ConfigKey key, String raw) {
        String value = raw.strip();
        Duration parsed;
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount;
            try {
                amount = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw bad(key, value, "is too large");
            }
            parsed = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } else {
            try {
                parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw bad(key, value, "is not a duration (examples: 500ms, 15s, 2m, PT1M)");
            }
        }
        if (parsed.isNegative() || parsed.isZero()) {
            throw bad(key, value, "must be positive");
        }
        return parsed;
    }

    /** An amount of wei: {@code 2000000000}, {@code 2gwei}, {@code 1.5gwei}, {@code 0.01ether}; a whole number of wei. */
    public static BigInteger wei(ConfigKey key, String raw) {
        String value = raw.strip();
        Matcher m = WEI.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw bad(key, value, "is not an amount of wei (examples: 2000000000, 2gwei, 1.5gwei)");
        }
        int scale = switch (m.group(2) == null ? "wei" : m.group(2)) {
            case "gwei" -> 9;
            case "ether" -> 18;
            default -> 0;
        };
        BigDecimal wei = new BigDecimal(m.group(1)).movePointRight(scale);
        try {
            return wei.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw bad(key, value, "is not a whole number of wei");
        }
    }

    /** A percentage with at most two decimals ({@code 12.5} or {@code 12.5%}), as basis points (1250). */
    public static int percentAsBasisPoints(ConfigKey key, String raw) {
        String value = raw.strip();
        Matcher m = PERCENT.matcher(value);
        if (!m.matches()) {
            throw bad(key, value, "is not a percentage with at most two decimals (example: 12.5)");
        }
        try {
            return new BigDecimal(m.group(1)).movePointRight(2).intValueExact();
        } catch (ArithmeticException e) {
            throw bad(key, value, "is too large");
        }
    }

    /** A whole number in {@code [min, max]}. */
    public static long integer(ConfigKey key, String raw, long min, long max) {
        String value = raw.strip();
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw bad(key, value, "is not a whole number");
        }
        if (parsed < min || parsed > max) {
            throw bad(key, value, "must be between " + min + " and " + max);
        }
        return parsed;
    }

    /** A port, {@code 0} for any free port, or {@code off} ({@code -1}). */
    public static int port(ConfigKey key, String raw) {
        String value = raw.strip();
        if (value.equalsIgnoreCase("off")) {
            return -1;
        }
        return (int) integer(key, value, 0, 65_535);
    }

    static ConfigException bad(ConfigKey key, String shownValue, String problem) {
        return new ConfigException(key, key.key() + ": '" + shownValue + "' " + problem);
    }
}
