package io.logpipeline.api.units;

import io.fabric8.kubernetes.api.model.Quantity;

/** Parses sizes written as Kubernetes quantities ({@code 1MiB}, {@code 512Ki}, {@code 2M}, {@code 1024}). */
public final class ByteSize {

    /** Schema pattern for size fields: a number with an optional binary (Ki, Mi, or KiB, MiB ...) or decimal (k, M, G ...) suffix. */
    public static final String PATTERN = "^[0-9]+(\\.[0-9]+)?(([KMGTPE]i)B?|[kMGTPE])?$";

    private ByteSize() {
    }

    /**
     * The number of bytes a quantity stands for. {@code MiB}/{@code KiB}/{@code GiB} (the spelling our docs
     * use) are accepted as the Kubernetes {@code Mi}/{@code Ki}/{@code Gi}.
     *
     * @throws IllegalArgumentException with a message that shows the accepted form
     */
    public static long parseBytes(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text);
        }
        String quantity = text.endsWith("iB") ? text.substring(0, text.length() - 1) : text;
        try {
            long bytes = Quantity.getAmountInBytes(new Quantity(quantity)).longValueExact();
            if (bytes < 0) {
                throw invalid(text);
            }
            return bytes;
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid(text);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("\"" + text + "\" is not a size; write it like 1MiB, 512Ki or 1048576");
    }
}
