package dev.rapport.bench;

import java.util.Locale;

/** Progress on stdout, stamped with the seconds since the run began. */
final class Log {

    private static final long T0 = System.nanoTime();

    private Log() {}

    static void phase(String title) {
        System.out.printf(Locale.ROOT, "%n[%6.1fs] == %s%n", seconds(), title);
        System.out.flush();
    }

    static void info(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%6.1fs]    %s%n", seconds(), String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static void warn(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%6.1fs] !! %s%n", seconds(), String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static double seconds() {
        return (System.nanoTime() - T0) / 1e9;
    }
}
