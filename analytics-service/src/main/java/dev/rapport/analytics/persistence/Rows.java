package dev.rapport.analytics.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

/** Column values of native queries as Java types, whatever the driver hands back. */
final class Rows {

    private Rows() {}

    static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    static BigDecimal decimal(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        return new BigDecimal(value.toString());
    }

    static BigDecimal decimalOrZero(Object value) {
        BigDecimal decimal = decimal(value);
        return decimal == null ? BigDecimal.ZERO : decimal;
    }

    static UUID uuid(Object value) {
        return value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    static Instant instantOrNull(Object value) {
        return value == null ? null : instant(value);
    }

    static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass());
    }
}
